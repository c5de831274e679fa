#!/usr/bin/env bash
# Renders the report's index.html in headless Chromium and fails if the page
# is blank, the summary does not come first, or a chart is missing.
#
#   scripts/check-report.sh [REPORT_DIR]      (default: target/map-report)
#
# Needs Debian's chromium package (apt-get install chromium). Leaves
# screenshots for a person to look at: REPORT_DIR/screenshot-top.png (the
# header and the summary) and REPORT_DIR/screenshot.png (the whole page, cut
# at 16,000 pixels).
set -euo pipefail

dir=${1:-target/map-report}
fail() { echo "check-report: $*" >&2; exit 1; }

[ -f "$dir/index.html" ] || fail "no $dir/index.html: run cargo run --release -p map-report first"
[ -f "$dir/REPORT.md" ] || fail "no $dir/REPORT.md"
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "check-report: chromium not found (apt-get install chromium)" >&2; exit 2; }

abs=$(cd "$dir" && pwd)
url="file://$abs/index.html"
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
    --disable-background-networking --disable-component-update --disable-sync
    --hide-scrollbars --user-data-dir="$(mktemp -d)")

# The answer first: the first section is the summary, with its chart and
# the recommendation.
first=$(grep -m1 '^## ' "$dir/REPORT.md" || true)
[ "$first" = "## Summary" ] || fail "the first section is \"$first\", not the summary"
grep -q '^| need | pick |' "$dir/REPORT.md" || fail "REPORT.md has no recommendation table"
grep -q 'noise of this run' "$dir/REPORT.md" || fail "the header does not state the run's noise"
for required in summary-retention.svg timeline-grow.svg latency-drain-random.svg scale-bytes.svg; do
    grep -q "]($required)" "$dir/REPORT.md" || fail "REPORT.md does not show $required"
done

# Every chart REPORT.md links must exist as an SVG file and be inlined in
# the HTML page.
mapfile -t charts < <(grep -o '](\([A-Za-z0-9_.-]*\.svg\))' "$dir/REPORT.md" | sed 's/](\(.*\))/\1/')
[ "${#charts[@]}" -gt 0 ] || fail "REPORT.md links no charts"
for chart in "${charts[@]}"; do
    [ -s "$dir/$chart" ] || fail "chart $chart is missing or empty"
    grep -q '<svg' "$dir/$chart" || fail "chart $chart is not an SVG document"
    grep -q "data-chart=\"$chart\"" "$dir/index.html" || fail "chart $chart is not in index.html"
done

# The rendered DOM must hold every chart as an <svg> with drawn content.
dom=$(timeout 120 "$browser" "${flags[@]}" --dump-dom "$url" 2>/dev/null)
rendered=$(grep -o '<figure data-chart=' <<<"$dom" | wc -l)
[ "$rendered" -eq "${#charts[@]}" ] || fail "the rendered page has $rendered charts, REPORT.md links ${#charts[@]}"
grep -q '<table' <<<"$dom" || fail "the rendered page has no tables"

# A screenshot that is nearly all white means nothing was drawn.
shot="$abs/screenshot.png"
top="$abs/screenshot-top.png"
rm -f "$shot" "$top"
timeout 120 "$browser" "${flags[@]}" --window-size=1280,2600 --screenshot="$top" "$url" >/dev/null 2>&1 || true
timeout 180 "$browser" "${flags[@]}" --window-size=1280,16000 --screenshot="$shot" "$url" >/dev/null 2>&1 || true
[ -s "$shot" ] && [ -s "$top" ] || fail "chromium produced no screenshot"
python3 - "$shot" <<'PY'
import struct, sys, zlib

def pixels(path):
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (2, 6), "unexpected PNG format"
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw, stride = zlib.decompress(idat), width * channels
    prev, out, i = bytearray(stride), [], 0
    for _ in range(height):
        kind, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - channels] if x >= channels else 0
            b, c = prev[x], prev[x - channels] if x >= channels else 0
            if kind == 1: line[x] = (line[x] + a) & 255
            elif kind == 2: line[x] = (line[x] + b) & 255
            elif kind == 3: line[x] = (line[x] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        out.append(bytes(line))
        prev = line
    return width, height, channels, out

width, height, channels, rows = pixels(sys.argv[1])
inked = coloured = total = 0
for row in rows[::4]:
    for x in range(0, width * channels, channels * 4):
        r, g, b = row[x], row[x + 1], row[x + 2]
        total += 1
        if min(r, g, b) < 200:
            inked += 1
        if max(r, g, b) - min(r, g, b) > 60:
            coloured += 1
print(f"check-report: {width}x{height} screenshot, {100 * inked / total:.1f}% inked, {100 * coloured / total:.2f}% in colour")
if inked / total < 0.01:
    sys.exit("check-report: the page is blank")
if coloured / total < 0.001:
    sys.exit("check-report: no coloured chart lines or bars were drawn")
PY
echo "check-report: ${#charts[@]} charts present; screenshots at $top and $shot"
