//go:build !linux

package reference

import "os"

// watchPeer is a no-op where there is no ppoll: a script outlives a client that resets the
// connection, as under CPython.
func watchPeer(sock *os.File, gone func()) (stop func()) { return func() {} }

// waitExited returns at once where there is no waitid(WNOWAIT), so a script is never killed once it
// started: the server's close then leaves it running, as CPython does.
func waitExited(pid int) {}
