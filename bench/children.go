package main

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/pprof"
	"strconv"
	"syscall"

	"github.com/httpspec/httpspec/reference"
)

// serveChild is `bench serve KIND -port N -dir DIR`: one of the servers the benchmark builds itself,
// run as a process of its own so that its CPU and memory are its own. It serves until SIGINT or
// SIGTERM.
func serveChild(args []string) int {
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, "bench serve: want canned, gofileserver or reference")
		return 2
	}
	kind := args[0]
	fs := flag.NewFlagSet("bench serve "+kind, flag.ContinueOnError)
	port := fs.Int("port", 0, "port to listen on (127.0.0.1)")
	dir := fs.String("dir", ".", "document root")
	protocol := fs.String("protocol", "HTTP/1.0", "reference: protocol_version")
	logTo := fs.String("log", "", "reference: log file; empty discards the log (Config.Log = io.Discard)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	ln, err := listen(kind, *port)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench serve:", err)
		return 1
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench serve:", err)
			return 1
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(os.Stderr, "bench serve:", err)
			return 1
		}
		defer pprof.StopCPUProfile()
	}
	var stop func()
	switch kind {
	case "canned":
		stop, err = serveCanned(ln, *dir)
	case "gofileserver":
		stop, err = serveGoFileServer(ln, *dir)
	case "reference":
		stop, err = serveReference(ln, *dir, *protocol, *logTo)
	default:
		err = fmt.Errorf("unknown server %q", kind)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench serve:", err)
		return 1
	}
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	<-signals
	stop()
	return 0
}

// listen binds 127.0.0.1:port: as httpspec serve does (no TCP keep-alive probes) for the reference
// and the canned server, and as http.ListenAndServe does for net/http.
func listen(kind string, port int) (net.Listener, error) {
	if kind == "gofileserver" {
		return net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	}
	return reference.Listen("127.0.0.1", port)
}

// serveGoFileServer is net/http.FileServer with net/http's defaults: the Go peer.
func serveGoFileServer(ln net.Listener, dir string) (func(), error) {
	srv := &http.Server{Handler: http.FileServer(http.Dir(dir))}
	go srv.Serve(ln)
	return func() { srv.Close() }, nil
}

// serveReference is the reference server as `httpspec serve` runs it, except that the log goes to
// logTo, or nowhere: the way to measure what logging costs.
func serveReference(ln net.Listener, dir, protocol, logTo string) (func(), error) {
	var log io.Writer = io.Discard
	if logTo != "" {
		f, err := os.Create(logTo)
		if err != nil {
			return nil, err
		}
		log = f
	}
	srv, err := reference.New(reference.Config{Directory: dir, Protocol: protocol, Log: log})
	if err != nil {
		return nil, err
	}
	go srv.Serve(ln)
	return func() { srv.Close() }, nil
}

// serveCanned is the practical limit of the machine: it reads a request up to its blank line and
// writes bytes prepared in advance (the reference's headers for the file the path names, read when it
// starts), keeping the connection unless the request says Connection: close. No HTTP work at all.
func serveCanned(ln net.Listener, dir string) (func(), error) {
	replies, err := cannedReplies(dir)
	if err != nil {
		return nil, err
	}
	go func() {
		for {
			nc, err := ln.Accept()
			if err != nil {
				return
			}
			go cannedConn(nc, replies)
		}
	}()
	return func() { ln.Close() }, nil
}

// cannedReply is one path's answer, for a connection that stays open and for one that closes.
type cannedReply struct{ keepAlive, close []byte }

const cannedReplyLimit = 1 << 20

// cannedReplies prepares an answer for every file of dir up to cannedReplyLimit bytes.
func cannedReplies(dir string) (map[string]cannedReply, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	replies := map[string]cannedReply{}
	for _, e := range entries {
		info, err := e.Info()
		if err != nil || !info.Mode().IsRegular() || info.Size() > cannedReplyLimit {
			continue
		}
		body, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		headers := "Server: canned\r\nDate: Thu, 01 Jan 2026 00:00:00 GMT\r\n" +
			"Content-type: text/plain\r\nContent-Length: " + strconv.Itoa(len(body)) +
			"\r\nLast-Modified: Thu, 01 Jan 2026 00:00:00 GMT\r\n\r\n"
		replies["/"+e.Name()] = cannedReply{
			keepAlive: append([]byte("HTTP/1.1 200 OK\r\n"+headers), body...),
			close:     append([]byte("HTTP/1.0 200 OK\r\n"+headers), body...),
		}
	}
	return replies, nil
}

var cannedNotFound = []byte("HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n")

func cannedConn(nc net.Conn, replies map[string]cannedReply) {
	defer nc.Close()
	r := bufio.NewReaderSize(nc, 4096)
	var target [256]byte
	for {
		path, closing, err := readCannedRequest(r, target[:0])
		if err != nil {
			return
		}
		reply, ok := replies[string(path)]
		switch {
		case !ok:
			nc.Write(cannedNotFound)
			return
		case closing:
			nc.Write(reply.close)
			return
		}
		if _, err := nc.Write(reply.keepAlive); err != nil {
			return
		}
	}
}

var connectionClose = []byte("connection: close")

// readCannedRequest reads a request line and headers, returning the target (appended to dst) and
// whether a Connection: close header was among them. It allocates nothing.
func readCannedRequest(r *bufio.Reader, dst []byte) (path []byte, closing bool, err error) {
	line, err := r.ReadSlice('\n')
	if err != nil {
		return nil, false, err
	}
	_, rest, found := bytes.Cut(line, []byte(" "))
	target, _, _ := bytes.Cut(rest, []byte(" "))
	if !found || len(target) == 0 {
		return nil, false, errors.New("bad request line")
	}
	path = append(dst, target...)
	for {
		line, err := r.ReadSlice('\n')
		if err != nil {
			return nil, false, err
		}
		if len(bytes.TrimRight(line, "\r\n")) == 0 {
			return path, closing, nil
		}
		if len(line) >= len(connectionClose) && bytes.EqualFold(line[:len(connectionClose)], connectionClose) {
			closing = true
		}
	}
}
