package dialog360

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
)

// Number is a JSON number that also accepts a quoted number on input, because
// Meta's payloads and the client libraries disagree on some fields (location
// latitude/longitude, file_size, order prices). It marshals as a plain number.
type Number float64

// UnmarshalJSON accepts 1.5, "1.5", null and "" (the last two give 0).
func (n *Number) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		*n = 0
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		if s == "" {
			*n = 0
			return nil
		}
		b = []byte(s)
	}
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return fmt.Errorf("dialog360: %.40q is not a number", b)
	}
	*n = Number(f)
	return nil
}

// Int returns the number truncated to an int64 (for counts and sizes).
func (n Number) Int() int64 { return int64(n) }

// examples is a list of example strings that also accepts a single string:
// Meta sends COPY_CODE button examples as a string and URL examples as a list.
type examples []string

// UnmarshalJSON accepts ["a","b"], "a" and null.
func (e *examples) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*e = examples{s}
		return nil
	}
	var l []string
	if err := json.Unmarshal(b, &l); err != nil {
		return err
	}
	*e = l
	return nil
}
