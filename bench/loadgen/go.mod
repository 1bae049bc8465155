module stakegraph/bench/loadgen

go 1.21
