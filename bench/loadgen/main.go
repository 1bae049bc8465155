// loadgen: a lean HTTP load generator for bench/api.py, so the measured
// server (not a Python client on the same two cores) is the bottleneck.
//
//	go run ./bench/loadgen -url URL -token T -clients 32 -seconds 10 [-write]
//
// Without -write each client GETs the cached analysis of account demo; with it,
// each PUTs a new title for stakeholder he-ying. Prints one JSON object:
// requests, errors, requests_per_s, p50_ms, p99_ms.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"sync"
	"time"
)

func main() {
	url := flag.String("url", "", "server base URL")
	token := flag.String("token", "", "bearer token")
	clients := flag.Int("clients", 32, "concurrent connections")
	seconds := flag.Float64("seconds", 10, "how long to run")
	write := flag.Bool("write", false, "PUT a stakeholder instead of GET the analysis")
	flag.Parse()
	if *url == "" || *token == "" {
		fmt.Fprintln(os.Stderr, "loadgen: -url and -token are required")
		os.Exit(2)
	}
	transport := &http.Transport{MaxIdleConns: *clients, MaxIdleConnsPerHost: *clients}
	client := &http.Client{Transport: transport, Timeout: 30 * time.Second}
	deadline := time.Now().Add(time.Duration(*seconds * float64(time.Second)))
	var mu sync.Mutex
	var latencies []float64
	errors := 0
	var wg sync.WaitGroup
	started := time.Now()
	for n := 0; n < *clients; n++ {
		wg.Add(1)
		go func(number int) {
			defer wg.Done()
			mine := make([]float64, 0, 1024)
			bad := 0
			for count := 0; time.Now().Before(deadline); count++ {
				var request *http.Request
				if *write {
					body, _ := json.Marshal(map[string]string{
						"name": "何颖", "title": fmt.Sprintf("Analyst %d-%d", number, count),
					})
					request, _ = http.NewRequest("PUT", *url+"/api/v1/accounts/demo/stakeholders/he-ying", bytes.NewReader(body))
					request.Header.Set("Content-Type", "application/json")
				} else {
					request, _ = http.NewRequest("GET", *url+"/api/v1/accounts/demo/analysis", nil)
				}
				request.Header.Set("Authorization", "Bearer "+*token)
				start := time.Now()
				answer, err := client.Do(request)
				if err == nil {
					io.Copy(io.Discard, answer.Body)
					answer.Body.Close()
					if answer.StatusCode >= 400 {
						bad++
					}
				} else {
					bad++
				}
				mine = append(mine, time.Since(start).Seconds())
			}
			mu.Lock()
			latencies = append(latencies, mine...)
			errors += bad
			mu.Unlock()
		}(n)
	}
	wg.Wait()
	elapsed := time.Since(started).Seconds()
	sort.Float64s(latencies)
	result := map[string]float64{"requests": float64(len(latencies)), "errors": float64(errors)}
	if len(latencies) > 0 {
		result["requests_per_s"] = float64(len(latencies)) / elapsed
		result["p50_ms"] = latencies[len(latencies)/2] * 1000
		index := int(0.99 * float64(len(latencies)))
		if index >= len(latencies) {
			index = len(latencies) - 1
		}
		result["p99_ms"] = latencies[index] * 1000
	}
	out, _ := json.Marshal(result)
	fmt.Println(string(out))
}
