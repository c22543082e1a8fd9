package egress

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestCheckURL(t *testing.T) {
	t.Parallel()
	strict, open := Guard{}, Guard{AllowPrivate: true}
	cases := []struct {
		url          string
		strict, open bool // allowed?
	}{
		{"https://shop.retailcrm.ru", true, true},
		{"https://shop.simla.com/path", true, true},
		{"http://shop.retailcrm.ru", false, true},
		{"https://127.0.0.1", false, true},
		{"https://localhost:8080", false, true},
		{"https://api.localhost", false, true},
		{"https://10.1.2.3", false, true},
		{"https://192.168.0.1", false, true},
		{"https://172.16.5.5", false, true},
		{"https://169.254.169.254/latest/meta-data", false, true},
		{"https://[::1]/", false, true},
		{"https://[fd00::1]/", false, true},
		{"https://100.64.1.1", false, true},
		{"https://0.0.0.0", false, true},
		{"https://user:pw@shop.retailcrm.ru", false, false},
		{"ftp://shop.retailcrm.ru", false, false},
		{"file:///etc/passwd", false, false},
		{"shop.retailcrm.ru", false, false},
	}
	for _, c := range cases {
		if got := strict.CheckURL(c.url) == nil; got != c.strict {
			t.Errorf("strict %s: allowed=%v, want %v", c.url, got, c.strict)
		}
		if got := open.CheckURL(c.url) == nil; got != c.open {
			t.Errorf("open %s: allowed=%v, want %v", c.url, got, c.open)
		}
	}
}

// TestClientRefusesLoopbackAtConnectTime covers names that resolve to an
// internal address and redirects to one: the check is on the dialled IP.
func TestClientRefusesLoopbackAtConnectTime(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) }))
	defer srv.Close()
	_, err := Guard{}.Client(5 * time.Second).Get(srv.URL)
	if err == nil || !Blocked(err) {
		t.Fatalf("strict client reached loopback: %v", err)
	}
	resp, err := Guard{AllowPrivate: true}.Client(5 * time.Second).Get(srv.URL)
	if err != nil {
		t.Fatalf("open client: %v", err)
	}
	resp.Body.Close()
}
