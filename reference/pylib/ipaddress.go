package pylib

import (
	"errors"
	"strings"
)

// checkBracketedHost is urllib.parse._check_bracketed_host (CPython
// 3.13.0): the host between brackets must be an IPvFuture literal
// (v<hex>.<anything>) or an address ipaddress.IPv6Address accepts.
func checkBracketedHost(host string) error {
	if strings.HasPrefix(host, "v") {
		if !isIPvFuture(host) {
			return errors.New("IPvFuture address is invalid")
		}
		return nil
	}
	if isIPv4(host) {
		return errors.New("An IPv4 address cannot be in brackets")
	}
	if !isIPv6(host) {
		return errors.New(Repr(host) + " does not appear to be an IPv4 or IPv6 address")
	}
	return nil
}

// isIPvFuture matches \Av[a-fA-F0-9]+\..+\Z (no newline can be left by then).
func isIPvFuture(host string) bool {
	i := 1
	for i < len(host) && isHex(host[i]) {
		i++
	}
	return i > 1 && i+1 < len(host) && host[i] == '.'
}

// isIPv4 is ipaddress.IPv4Address(s) succeeding: four dot-separated octets of
// one to three ASCII digits, no leading zero, at most 255.
func isIPv4(s string) bool {
	octets := strings.Split(s, ".")
	if s == "" || len(octets) != 4 || strings.Contains(s, "/") {
		return false
	}
	for _, o := range octets {
		if o == "" || len(o) > 3 || !isASCIIDigits(o) || (o != "0" && o[0] == '0') {
			return false
		}
		if n := atoiASCII(o); n > 255 {
			return false
		}
	}
	return true
}

// isIPv6 is ipaddress.IPv6Address(s) succeeding (_split_scope_id and
// _ip_int_from_string): an optional non-empty %scope, then 3 to 9
// colon-separated parts with at most one "::", hextets of one to four hex
// digits, and optionally a trailing dotted IPv4 address.
func isIPv6(s string) bool {
	if strings.Contains(s, "/") {
		return false
	}
	if addr, scope, found := strings.Cut(s, "%"); found {
		if scope == "" || strings.Contains(scope, "%") {
			return false
		}
		s = addr
	}
	if s == "" {
		return false
	}
	parts := strings.Split(s, ":")
	if len(parts) < 3 {
		return false
	}
	if last := parts[len(parts)-1]; strings.Contains(last, ".") {
		if !isIPv4(last) {
			return false
		}
		parts = append(parts[:len(parts)-1], "0", "0")
	}
	if len(parts) > 9 {
		return false
	}
	return validHextetLayout(parts)
}

// validHextetLayout checks the "::" rules of _ip_int_from_string and every hextet.
func validHextetLayout(parts []string) bool {
	skip := -1
	for i := 1; i < len(parts)-1; i++ {
		if parts[i] == "" {
			if skip >= 0 {
				return false
			}
			skip = i
		}
	}
	var hextets []string
	if skip >= 0 {
		hi, lo := skip, len(parts)-skip-1
		if parts[0] == "" {
			if hi--; hi != 0 {
				return false
			}
		}
		if parts[len(parts)-1] == "" {
			if lo--; lo != 0 {
				return false
			}
		}
		if 8-(hi+lo) < 1 {
			return false
		}
		hextets = append(append(hextets, parts[:hi]...), parts[len(parts)-lo:]...)
	} else {
		if len(parts) != 8 || parts[0] == "" || parts[len(parts)-1] == "" {
			return false
		}
		hextets = parts
	}
	for _, h := range hextets {
		if h == "" || len(h) > 4 || !allHex(h) {
			return false
		}
	}
	return true
}

func allHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isHex(s[i]) {
			return false
		}
	}
	return true
}

func isASCIIDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func atoiASCII(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
