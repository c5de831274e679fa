module go-reference

go 1.19
