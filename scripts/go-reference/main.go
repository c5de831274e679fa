// Command go-reference runs the workspace's seed experiment and throughput
// workload on the real Go runtime, printing one JSON record per line in the
// shapes map-bench uses (crates/map-bench/src/records.rs), so that
// map-report can place real Go beside the Rust maps.
//
//	go run . -mode seed -n 1000000
//	go run . -mode throughput -n 1000000 -rounds 7
//
// Go 1.19 to 1.23 use the classic hmap, the map go-hmap ports; Go 1.24 and
// later use Swiss tables unless built with GOEXPERIMENT=noswissmap.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime"
	"time"
)

type seedRecord struct {
	Workload    string  `json:"workload"`
	Strategy    string  `json:"strategy"`
	Value       string  `json:"value"`
	N           int     `json:"n"`
	AfterInsert uint64  `json:"after_insert"`
	AfterDrain  uint64  `json:"after_drain"`
	AfterDelete uint64  `json:"after_delete"`
	Peak        *uint64 `json:"peak"`
	Source      string  `json:"source"`
}

// opTimes is ns per operation of each step, map-bench's OpTimes.
type opTimes struct {
	Insert  float64 `json:"insert"`
	GetHit  float64 `json:"get_hit"`
	GetMiss float64 `json:"get_miss"`
	Iterate float64 `json:"iterate"`
	Remove  float64 `json:"remove"`
	Churn   float64 `json:"churn"`
}

// throughputRecord is one round, map-bench's ThroughputRecord.
type throughputRecord struct {
	Workload string  `json:"workload"`
	Strategy string  `json:"strategy"`
	Value    string  `json:"value"`
	N        int     `json:"n"`
	Round    int     `json:"round"`
	Ns       opTimes `json:"ns"`
	Source   string  `json:"source"`
}

// heapAlloc is the live heap after a full collection, as docs/reference.md
// measures it.
func heapAlloc() uint64 {
	runtime.GC()
	runtime.GC()
	var stats runtime.MemStats
	runtime.ReadMemStats(&stats)
	return stats.HeapAlloc
}

func since(base uint64) uint64 {
	now := heapAlloc()
	if now < base {
		return 0
	}
	return now - base
}

// seed inserts keys 0..n, deletes all but the last 1%, then the rest,
// measuring the heap after each phase relative to a baseline taken before
// the map existed.
func seed[V any](value string, n int, make_ func(k int) V) seedRecord {
	base := heapAlloc()
	m := make(map[int]V)
	for k := 0; k < n; k++ {
		m[k] = make_(k)
	}
	afterInsert := since(base)
	kept := n / 100
	for k := 0; k < n-kept; k++ {
		delete(m, k)
	}
	afterDrain := since(base)
	for k := n - kept; k < n; k++ {
		delete(m, k)
	}
	afterDelete := since(base)
	runtime.KeepAlive(m)
	return seedRecord{"seed", "go", value, n, afterInsert, afterDrain, afterDelete, nil, "go_runtime"}
}

// xorshiftKeys is the reference key stream (docs/reference.md).
func xorshiftKeys(n int) []uint64 {
	keys := make([]uint64, n)
	x := uint64(0x9E3779B97F4A7C15)
	for i := range keys {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		keys[i] = x
	}
	return keys
}

var sink uint64

// round times each operation once, in ns per operation.
func round(keys, fresh []uint64) opTimes {
	n := float64(len(keys))
	per := func(start time.Time) float64 { return float64(time.Since(start).Nanoseconds()) / n }
	var out opTimes

	m := make(map[uint64]uint64)
	start := time.Now()
	for _, k := range keys {
		m[k] = k
	}
	out.Insert = per(start)

	start = time.Now()
	for _, k := range keys {
		sink ^= m[k]
	}
	out.GetHit = per(start)

	start = time.Now()
	misses := 0
	for _, k := range keys {
		if _, ok := m[k+1]; !ok {
			misses++
		}
	}
	out.GetMiss = per(start)
	sink ^= uint64(misses)

	start = time.Now()
	for _, v := range m {
		sink ^= v
	}
	out.Iterate = per(start)

	start = time.Now()
	for _, k := range keys {
		delete(m, k)
	}
	out.Remove = per(start)

	m = make(map[uint64]uint64)
	for _, k := range keys {
		m[k] = k
	}
	start = time.Now()
	for i, k := range keys {
		delete(m, k)
		m[fresh[i]] = fresh[i]
	}
	out.Churn = per(start)
	return out
}

func main() {
	mode := flag.String("mode", "seed", "seed or throughput")
	n := flag.Int("n", 1_000_000, "entries")
	rounds := flag.Int("rounds", 7, "throughput rounds; each is printed, the report takes the median")
	flag.Parse()
	out := json.NewEncoder(os.Stdout)
	switch *mode {
	case "seed":
		records := []seedRecord{
			seed("[128]byte", *n, func(int) [128]byte { return [128]byte{} }),
			seed("*[128]byte", *n, func(int) *[128]byte { return new([128]byte) }),
			seed("[256]byte", *n, func(int) [256]byte { return [256]byte{} }),
			seed("int", *n, func(k int) int { return k }),
		}
		for _, r := range records {
			if err := out.Encode(r); err != nil {
				panic(err)
			}
		}
	case "throughput":
		all := xorshiftKeys(2 * *n)
		keys, fresh := all[:*n], all[*n:]
		for i := 0; i < *rounds; i++ {
			r := throughputRecord{"throughput", "go", "uint64", *n, i, round(keys, fresh), "go_runtime"}
			if err := out.Encode(r); err != nil {
				panic(err)
			}
		}
	default:
		fmt.Fprintf(os.Stderr, "unknown -mode %q: use seed or throughput\n", *mode)
		os.Exit(2)
	}
}
