package suite

import (
	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/gomega"

	"github.com/httpspec/httpspec/suite/wire"
)

// Specs for how the command-line server shares itself between clients and how it lets go of its port:
// research §1.1 and §7.3. 3.6 runs test() on HTTPServer, one connection at a time; 3.7 and later on
// ThreadingHTTPServer, a daemon thread per connection.

var _ = register(func() []Spec {
	return []Spec{
		// The one spec that judges by silence: nothing else shows that a server is not answering.
		custom("concurrency.single-threaded", "GET /a.txt while another connection is open and idle", ModeDefault, heldBackByIdle),

		custom("concurrency.thread-per-connection", "GET /a.txt while another connection is open and idle", ModeDefault, func(c *Case) {
			idle := c.Dial()
			c.expectChecks(c.Exchange(sendGET("/a.txt")), served("a.txt"))
			// The idle connection was kept meanwhile, not dropped to make room: it is answered now.
			expectAnsweredOn(c, idle, sendGET("/a.txt"), "HTTP/1.0 200 OK")
		}),
		custom("concurrency.thread-per-connection", "GET /a.txt while a kept-alive HTTP/1.1 connection waits for its next request", ModeHTTP11, func(c *Case) {
			kept := c.Dial()
			request := "GET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n"
			expectAnsweredOn(c, kept, request, "HTTP/1.1 200 OK")
			c.expectChecks(c.Exchange("GET /a.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
				statusLine("HTTP/1.1 200 OK"), body("hello\n"))
			expectAnsweredOn(c, kept, request, "HTTP/1.1 200 OK")
		}),

		custom("concurrency.reuse-address", "restart on the port of a connection in TIME_WAIT", ModeDefault, restartOnSamePort).with(NeedLauncher),
		custom("concurrency.interrupt-abandons-connections", "SIGINT while a connection holds half a request", ModeDefault, interruptWithOpenConnection).with(NeedLauncher),
	}
})

// heldBackByIdle: with HTTPServer, handle_request reads the idle connection's request line and blocks
// there, so the second client's request waits in the listen queue until the idle one closes; then it
// is answered.
func heldBackByIdle(c *Case) {
	idle := c.Dial()
	waiting := c.Dial()
	c.Expect(waiting.Send([]byte(sendGET("/a.txt")))).To(gomega.Succeed())
	held, err := waiting.ReadQuiet(c.Config.Quiet)
	c.Expect(err).NotTo(gomega.HaveOccurred())
	c.Expect(held.Bytes).To(gomega.BeEmpty(), "no answer while the idle connection is open")
	c.Expect(held.End).To(gomega.Equal(wire.Open), "the waiting connection stays open")
	c.Expect(idle.Close()).To(gomega.Succeed())
	resp, err := waiting.ReadResponse("GET")
	c.Expect(err).NotTo(gomega.HaveOccurred(), "the answer once the idle connection has closed")
	c.Expect(resp.StatusLine).To(gomega.Equal("HTTP/1.0 200 OK"))
	c.Expect(string(resp.Body)).To(gomega.Equal("hello\n"))
}

// expectAnsweredOn sends request on conn and expects a response with statusLine and a.txt's content.
func expectAnsweredOn(c *Case, conn *wire.Conn, request, statusLine string) {
	ginkgo.GinkgoHelper()
	c.Expect(conn.Send([]byte(request))).To(gomega.Succeed())
	resp, err := conn.ReadResponse("GET")
	c.Expect(err).NotTo(gomega.HaveOccurred(), "a response on the connection opened first")
	c.Expect(resp.StatusLine).To(gomega.Equal(statusLine))
	c.Expect(string(resp.Body)).To(gomega.Equal("hello\n"))
}

// restartOnSamePort: an HTTP/1.0 server closes first, so its end of a served connection waits in
// TIME_WAIT after it exits; only SO_REUSEADDR (allow_reuse_address) lets a new server bind the port
// then.
func restartOnSamePort(c *Case) {
	first, port := startServing(c, onPort("--bind", "127.0.0.1"))
	addr := hostPort("127.0.0.1", port)
	first.expectServes(addr)
	c.Expect(first.interrupted()).To(gomega.Equal(0), "the first server's exit status; %s", first.output())
	if !portHeldByTimeWait(c, port) {
		ginkgo.Skip("no connection of the first server was left in TIME_WAIT, so the restart proves nothing")
	}
	second := startCLI(c, onPort("--bind", "127.0.0.1")(port))
	c.Expect(second.serving()).To(gomega.Equal(bannerLine("127.0.0.1", port)))
	second.expectServes(addr)
}

// interruptWithOpenConnection: Ctrl-C ends serve_forever in the main thread; the handler threads are
// daemons, so the process exits without waiting for them and their connections close unanswered.
func interruptWithOpenConnection(c *Case) {
	s, addr := startOnLoopback(c)
	open := dialAt(c, addr)
	c.Expect(open.Send([]byte("GET /a.txt HTTP/1.0\r\n"))).To(gomega.Succeed(), "send half a request")
	// Connections are accepted in order, so once a later one is answered the first has its thread.
	s.expectServes(addr)
	c.Expect(s.interrupted()).To(gomega.Equal(0), "exit status; %s", s.output())
	left, err := open.ReadUntilClose()
	c.Expect(err).NotTo(gomega.HaveOccurred())
	c.Expect(left.Bytes).To(gomega.BeEmpty(), "no answer to the half request")
	c.Expect(left.End).To(gomega.BeElementOf(wire.Closed, wire.Reset), "the connection ends with the process")
}
