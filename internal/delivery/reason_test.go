package delivery

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"waba-transport/internal/locale"
)

// listedCodes are the codes the error table must know (the task's list and
// 360dialog-api.md §6); a code missing from the table fails the tests below.
var listedCodes = []int{
	131047, 131026, 131050, 131049, 131048, 131056, 130429, 4, 80007, 131000, 131016, 1, 2, 131057, 131051,
	131052, 131053, 131008, 131009, 100, 132000, 132001, 132005, 132007, 132012, 132015, 132016, 132018,
	131042, 368, 131031, 130497, 133010, 131045, 190, 401, 470, 471, 1006, 1013, 1026,
}

func TestLookupKnowsEveryListedCode(t *testing.T) {
	t.Parallel()
	cat, err := locale.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range listedCodes {
		r := Lookup(code)
		if r.Code != code {
			t.Errorf("Lookup(%d).Code = %d", code, r.Code)
		}
		if r.Key == Lookup(-1).Key {
			t.Errorf("Lookup(%d) fell back to the generic reason", code)
		}
		for _, lang := range locale.Supported {
			if got := cat.T(lang, r.Key, map[string]any{"Code": code}); got == r.Key || got == "" {
				t.Errorf("%s: key %s of code %d has no text", lang, r.Key, code)
			}
		}
		if r.Resend != (r.Class == Transient || r.Class == Later) {
			t.Errorf("Lookup(%d): class %s with Resend %v; only transient and later failures are resent",
				code, r.Class, r.Resend)
		}
		switch r.MGCode {
		case MGGeneral, MGCustomerNotExists, MGReplyTimedOut, MGSpamSuspicion, MGAccessRestricted:
		default:
			t.Errorf("Lookup(%d).MGCode = %q is not a MessageGateway code", code, r.MGCode)
		}
	}
}

func TestLookupMeaning(t *testing.T) {
	t.Parallel()
	cases := []Reason{
		{Code: 131047, Class: NeedsTemplate, MGCode: MGReplyTimedOut, Key: "delivery.reason.window_closed"},
		{Code: 470, Class: NeedsTemplate, MGCode: MGReplyTimedOut, Key: "delivery.reason.window_closed"},
		{Code: 131026, Class: Later, MGCode: MGCustomerNotExists, Key: "delivery.reason.undeliverable", Resend: true},
		{Code: 131050, Class: Permanent, MGCode: MGAccessRestricted, Key: "delivery.reason.marketing_opt_out"},
		{Code: 131048, Class: Later, MGCode: MGSpamSuspicion, Key: "delivery.reason.spam_limit", Resend: true},
		{Code: 131056, Class: Transient, MGCode: MGGeneral, Key: "delivery.reason.pair_rate", Resend: true},
		{Code: 130429, Class: Transient, MGCode: MGGeneral, Key: "delivery.reason.throughput", Resend: true},
		{Code: 132001, Class: NeedsResync, MGCode: MGGeneral, Key: "delivery.reason.template_missing"},
		{Code: 132018, Class: NeedsResync, MGCode: MGGeneral, Key: "delivery.reason.template_format"},
		{Code: 401, Class: Account, MGCode: MGGeneral, Key: "delivery.reason.bad_key"},
		{Code: 190, Class: Account, MGCode: MGGeneral, Key: "delivery.reason.bad_key"},
		{Code: 555555, Class: Transient, MGCode: MGGeneral, Key: "delivery.reason.unknown", Resend: true},
		{Code: 0, Class: Transient, MGCode: MGGeneral, Key: "delivery.reason.no_code", Resend: true},
	}
	for _, want := range cases {
		if diff := cmp.Diff(want, Lookup(want.Code)); diff != "" {
			t.Errorf("Lookup(%d) (-want +got):\n%s", want.Code, diff)
		}
	}
}

func TestIsThrottle(t *testing.T) {
	t.Parallel()
	cases := []struct {
		code, status int
		want         bool
	}{
		{0, 429, true},
		{130429, 400, true},
		{131056, 400, true},
		{4, 400, true},
		{80007, 400, true},
		{131048, 400, false}, // spam limit: a resend later, not a quick retry
		{131000, 500, false},
		{131047, 400, false},
		{0, 503, false},
	}
	for _, tc := range cases {
		if got := IsThrottle(tc.code, tc.status); got != tc.want {
			t.Errorf("IsThrottle(%d, %d) = %v, want %v", tc.code, tc.status, got, tc.want)
		}
	}
}

func TestErrorCode(t *testing.T) {
	t.Parallel()
	cases := []struct{ code, status, want int }{
		{131047, 400, 131047},
		{190, 401, 190},
		{0, 401, 401},
		{0, 502, 0},
		{0, 400, 0},
	}
	for _, tc := range cases {
		if got := ErrorCode(tc.code, tc.status); got != tc.want {
			t.Errorf("ErrorCode(%d, %d) = %d, want %d", tc.code, tc.status, got, tc.want)
		}
	}
}
