// Package faultproxy is a TCP proxy for tests that makes the link between a
// school node's sync client and the district hub bad in controlled,
// reproducible ways: one-way latency, a bandwidth throttle, connections cut
// after so many bytes, and HTTP 500s answered in the hub's place. Fault tests
// and benchmarks such as BenchmarkSlowLink put it between the client and an
// httptest hub; the same Config and Seed give the same faults again.
//
// It is for tests only. It listens on and connects to loopback addresses and
// nothing else, and it imports only the standard library; production code
// must not import it.
package faultproxy
