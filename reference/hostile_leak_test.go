package reference_test

import (
	"fmt"
	"net"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/httpspec/httpspec/reference"
)

// TestHostileNoLeak runs the hostile clients against a server in this process, where its goroutines
// can be counted: once every client is gone, the goroutines and descriptors are what they were
// before, and Close leaves none of the server's behind.
func TestHostileNoLeak(t *testing.T) {
	root := hostileRoot(t)
	before := runtime.NumGoroutine()
	beforeFDs := openFDs(t)
	srv, err := reference.New(reference.Config{Directory: root, Protocol: "HTTP/1.1"})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	addr := ln.Addr().String()
	serving := runtime.NumGoroutine()
	servingFDs := openFDs(t)

	stop := make(chan struct{})
	time.AfterFunc(2*time.Second, func() { close(stop) }) // the attacks' duration, not a wait
	var wg sync.WaitGroup
	for _, attack := range []func(*testing.T, string, <-chan struct{}) string{
		slowloris, neverRead, resetMidRequest, resetMidResponse, halfClosed,
	} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			attack(t, addr, stop)
		}()
	}
	wg.Wait()
	eventually(t, 20*time.Second, func() string {
		if n, fds := runtime.NumGoroutine(), openFDs(t); n > serving || fds > servingFDs {
			return fmt.Sprintf("%d goroutines and %d descriptors, %d and %d before the clients came\n%s",
				n, fds, serving, servingFDs, goroutines())
		}
		return ""
	})
	srv.Close()
	if err := <-served; err != nil {
		t.Errorf("Serve: %v", err)
	}
	eventually(t, 20*time.Second, func() string {
		if n, fds := runtime.NumGoroutine(), openFDs(t); n > before || fds > beforeFDs {
			return fmt.Sprintf("after Close, %d goroutines and %d descriptors, %d and %d before the server\n%s",
				n, fds, before, beforeFDs, goroutines())
		}
		return ""
	})
}

func openFDs(t *testing.T) int {
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skipf("counting descriptors needs /proc: %v", err)
	}
	return len(entries) - 1 // the directory being read
}

func goroutines() string {
	buf := make([]byte, 1<<16)
	return strings.TrimSpace(string(buf[:runtime.Stack(buf, true)]))
}
