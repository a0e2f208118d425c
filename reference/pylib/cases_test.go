package pylib

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"os"
	"strings"
	"sync"
	"testing"
)

// casesFile holds what CPython 3.13.0 answered for every case, written by
// testdata/gen_cases.py (and re-checked by TestCasesMatchLiveCPython).
const casesFile = "testdata/cases.json"

// pyText is a Python str: a JSON string, or {"wtf8": hex} for text with lone
// surrogates, which JSON cannot carry.
type pyText string

func (t *pyText) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '{' {
		var o struct{ WTF8 string }
		if err := json.Unmarshal(b, &o); err != nil {
			return err
		}
		raw, err := hex.DecodeString(o.WTF8)
		*t = pyText(raw)
		return err
	}
	var s string
	err := json.Unmarshal(b, &s)
	*t = pyText(s)
	return err
}

// hexBytes is a Python bytes value written as hex.
type hexBytes []byte

func (h *hexBytes) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	raw, err := hex.DecodeString(s)
	*h = raw
	return err
}

// outcome is a value, or the exception Python raised instead ({"error": "Type: message"}).
type outcome[T any] struct {
	Value  T
	Failed bool
	Err    string // Python's "Type: message"
}

func (o *outcome[T]) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '{' {
		var e struct{ Error *pyText }
		if err := json.Unmarshal(b, &e); err == nil && e.Error != nil {
			o.Failed, o.Err = true, string(*e.Error)
			return nil
		}
	}
	return json.Unmarshal(b, &o.Value)
}

// message is the exception's message without its type, as Go errors hold it.
func (o outcome[T]) message() string {
	_, msg, _ := strings.Cut(o.Err, ": ")
	return msg
}

type pyCase[In, Out any] struct {
	In  In
	Out Out
}

var (
	casesOnce sync.Once
	casesDoc  map[string]json.RawMessage
	casesErr  error
)

// casesSection returns one section of casesFile as raw JSON.
func casesSection(t *testing.T, section string) json.RawMessage {
	t.Helper()
	casesOnce.Do(func() {
		data, err := os.ReadFile(casesFile)
		if err != nil {
			casesErr = err
			return
		}
		casesErr = json.NewDecoder(bytes.NewReader(data)).Decode(&casesDoc)
	})
	if casesErr != nil {
		t.Fatalf("reading %s: %v", casesFile, casesErr)
	}
	raw, ok := casesDoc[section]
	if !ok {
		t.Fatalf("%s has no section %q", casesFile, section)
	}
	return raw
}

// loadCases returns one section of casesFile, failing the test if it is missing or empty.
func loadCases[In, Out any](t *testing.T, section string) []pyCase[In, Out] {
	t.Helper()
	var cases []pyCase[In, Out]
	if err := json.Unmarshal(casesSection(t, section), &cases); err != nil {
		t.Fatalf("section %q of %s: %v", section, casesFile, err)
	}
	if len(cases) == 0 {
		t.Fatalf("section %q of %s has no cases", section, casesFile)
	}
	return cases
}

// checkErr compares a Go error with the exception Python raised (or did not).
func checkErr[T any](t *testing.T, what string, got error, want outcome[T], compareMessage bool) bool {
	t.Helper()
	switch {
	case want.Failed && got == nil:
		t.Errorf("%s: no error, Python raised %s", what, want.Err)
	case !want.Failed && got != nil:
		t.Errorf("%s: error %q, Python raised nothing", what, got)
	case want.Failed && compareMessage && got.Error() != want.message():
		t.Errorf("%s: error %q, Python raised %q", what, got, want.Err)
	default:
		return true
	}
	return false
}
