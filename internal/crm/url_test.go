package crm

import (
	"testing"

	"waba-transport/internal/problem"
)

func TestNormalizeURL(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in, want string
	}{
		{"demo.retailcrm.ru", "https://demo.retailcrm.ru"},
		{"  https://Demo.RetailCRM.ru/  ", "https://demo.retailcrm.ru"},
		{"HTTPS://shop.simla.com/admin/orders?x=1#top", "https://shop.simla.com"},
		{"http://localhost:8080/", "http://localhost:8080"},
		{"shop.retailcrm.pro:8443", "https://shop.retailcrm.pro:8443"},
		{"https://shop.retailcrm.es:443", "https://shop.retailcrm.es"},
		{"http://shop.example:80/x", "http://shop.example"},
		{"//shop.simla.com", "https://shop.simla.com"},
		{"http://[::1]:9000", "http://[::1]:9000"},
		{"https://shop.simla.com?", "https://shop.simla.com"},
	}
	for _, tc := range cases {
		got, err := NormalizeURL(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("NormalizeURL(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

func TestNormalizeURLRejects(t *testing.T) {
	t.Parallel()
	for _, in := range []string{
		"", "   ", "ftp://shop.retailcrm.ru", "javascript:alert(1)//x", "file:///etc/passwd",
		"https://user:pass@shop.retailcrm.ru", "https://user@shop.retailcrm.ru", "https://", "https:///path",
		"https://:443", "https://shop.retailcrm.ru:0", "https://shop.retailcrm.ru:70000", "https://shop.retailcrm.ru:abc",
		"https://shop retailcrm.ru", "https://shop%2eretailcrm.ru",
	} {
		got, err := NormalizeURL(in)
		if err == nil {
			t.Errorf("NormalizeURL(%q) = %q, want error", in, got)
			continue
		}
		if pe := problem.As(err); pe == nil || pe.Kind != problem.Invalid || pe.Key != "crm.url_invalid" {
			t.Errorf("NormalizeURL(%q) error = %v, want invalid crm.url_invalid", in, err)
		}
	}
}
