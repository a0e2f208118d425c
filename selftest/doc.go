// Package selftest proves that the conformance suite can fail: a spec that passes against a broken
// server proves nothing. Its tests run `httpspec run` against servers with a behavior broken on
// purpose and check that the specs of that behavior fail, with a message about it:
//
//   - the reference with one fault at a time (`httpspec serve --fault NAME`), each declared here with
//     the behaviors it breaks;
//   - each installed CPython older than the newest known release judged against the newest release's
//     profile, and the newest judged against each older one's: exactly the behaviors that changed
//     between the two must fail, and their messages must say how they changed.
//
// A coverage test then checks that every catalogue behavior is broken by a fault or by a version
// difference that an installed CPython shows.
//
// The package has no code of its own to import; it is a test, kept apart from the runner's tests so
// that `go test ./...` runs it beside the other packages and `go test ./selftest` runs it alone. It
// starts several hundred servers, so `go test -short` skips it.
package selftest
