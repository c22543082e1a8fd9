package delivery

import "net/http"

// Class says what kind of failure an error code is and so what helps.
type Class string

// The failure classes. Only Transient and Later failures get the one resend;
// the others need a person to change something first.
const (
	// Transient: a short-lived problem on WhatsApp's side (outage, rate limit).
	Transient Class = "transient"
	// Later: WhatsApp holds the message back for now (spam or marketing
	// limits); a later try may work.
	Later Class = "later"
	// Permanent: this message cannot be sent as it is (bad content, blocked
	// customer, unsupported type); resending the same message fails again.
	Permanent Class = "permanent"
	// NeedsTemplate: the 24-hour customer service window is closed; only an
	// approved template can be sent.
	NeedsTemplate Class = "needs_template"
	// NeedsResync: the template used does not match what WhatsApp has (missing,
	// paused, changed); the CRM's template list should be loaded again.
	NeedsResync Class = "needs_resync"
	// Account: the WhatsApp account or its API key has a problem (key, payment,
	// block, registration); every message of the account fails until fixed.
	Account Class = "account"
)

// The error codes MessageGateway accepts in a delivery error (mg-transport-api
// §1.5). The WhatsApp code itself travels as external_code.
const (
	MGGeneral           = "general"
	MGCustomerNotExists = "customer_not_exists"
	MGReplyTimedOut     = "reply_timed_out"
	MGSpamSuspicion     = "spam_suspicion"
	MGAccessRestricted  = "access_restricted"
)

// Reason describes one error code: what it means for the operator and what the
// module does about it.
type Reason struct {
	Code   int    // WhatsApp (Meta), 360dialog or legacy On-Premise code; 0 = none given
	Class  Class  // kind of failure
	MGCode string // MessageGateway error code to report it with
	Key    string // locale key of the human reason (area "delivery")
	Resend bool   // whether the one-resend rule applies (Transient and Later only)
}

// reasons is the error table. Codes and classes follow Meta's error code list
// and 360dialog practice (360dialog-api.md §6); Meta does not state
// retryability for most codes, so Class is a judgement, kept in this one place.
var reasons = map[int]Reason{
	// Customer service window and customer-side limits.
	131047: {Class: NeedsTemplate, MGCode: MGReplyTimedOut, Key: "delivery.reason.window_closed"},
	470:    {Class: NeedsTemplate, MGCode: MGReplyTimedOut, Key: "delivery.reason.window_closed"}, // legacy 131047
	131026: {Class: Later, MGCode: MGCustomerNotExists, Key: "delivery.reason.undeliverable", Resend: true},
	1013:   {Class: Permanent, MGCode: MGCustomerNotExists, Key: "delivery.reason.not_whatsapp_user"},  // legacy
	1026:   {Class: Permanent, MGCode: MGCustomerNotExists, Key: "delivery.reason.receiver_incapable"}, // legacy
	131050: {Class: Permanent, MGCode: MGAccessRestricted, Key: "delivery.reason.marketing_opt_out"},
	131049: {Class: Later, MGCode: MGGeneral, Key: "delivery.reason.marketing_limited", Resend: true},
	130497: {Class: Permanent, MGCode: MGAccessRestricted, Key: "delivery.reason.country_restricted"},

	// Rate limits: a sender that gets these synchronously waits (IsThrottle).
	131048: {Class: Later, MGCode: MGSpamSuspicion, Key: "delivery.reason.spam_limit", Resend: true},
	471:    {Class: Later, MGCode: MGSpamSuspicion, Key: "delivery.reason.spam_limit", Resend: true}, // legacy
	131056: {Class: Transient, MGCode: MGGeneral, Key: "delivery.reason.pair_rate", Resend: true},
	130429: {Class: Transient, MGCode: MGGeneral, Key: "delivery.reason.throughput", Resend: true},
	4:      {Class: Transient, MGCode: MGGeneral, Key: "delivery.reason.api_rate", Resend: true},
	80007:  {Class: Transient, MGCode: MGGeneral, Key: "delivery.reason.api_rate", Resend: true},

	// WhatsApp-side trouble.
	1:      {Class: Transient, MGCode: MGGeneral, Key: "delivery.reason.service_error", Resend: true},
	2:      {Class: Transient, MGCode: MGGeneral, Key: "delivery.reason.service_error", Resend: true},
	131000: {Class: Transient, MGCode: MGGeneral, Key: "delivery.reason.service_error", Resend: true},
	131016: {Class: Transient, MGCode: MGGeneral, Key: "delivery.reason.service_error", Resend: true},
	131057: {Class: Transient, MGCode: MGGeneral, Key: "delivery.reason.maintenance", Resend: true},

	// The message itself.
	131051: {Class: Permanent, MGCode: MGGeneral, Key: "delivery.reason.unsupported_type"},
	131052: {Class: Permanent, MGCode: MGGeneral, Key: "delivery.reason.media_download"},
	131053: {Class: Permanent, MGCode: MGGeneral, Key: "delivery.reason.media_upload"},
	1006:   {Class: Permanent, MGCode: MGGeneral, Key: "delivery.reason.resource_missing"}, // legacy
	100:    {Class: Permanent, MGCode: MGGeneral, Key: "delivery.reason.bad_parameter"},
	131008: {Class: Permanent, MGCode: MGGeneral, Key: "delivery.reason.bad_parameter"},
	131009: {Class: Permanent, MGCode: MGGeneral, Key: "delivery.reason.bad_parameter"},

	// Templates: the CRM's copy may be out of date, so a template sync helps.
	132000: {Class: NeedsResync, MGCode: MGGeneral, Key: "delivery.reason.template_params"},
	132001: {Class: NeedsResync, MGCode: MGGeneral, Key: "delivery.reason.template_missing"},
	132005: {Class: NeedsResync, MGCode: MGGeneral, Key: "delivery.reason.template_too_long"},
	132007: {Class: NeedsResync, MGCode: MGGeneral, Key: "delivery.reason.template_policy"},
	132012: {Class: NeedsResync, MGCode: MGGeneral, Key: "delivery.reason.template_format"},
	132018: {Class: NeedsResync, MGCode: MGGeneral, Key: "delivery.reason.template_format"},
	132015: {Class: NeedsResync, MGCode: MGGeneral, Key: "delivery.reason.template_paused"},
	132016: {Class: NeedsResync, MGCode: MGGeneral, Key: "delivery.reason.template_disabled"},

	// The WhatsApp account or its key.
	131042: {Class: Account, MGCode: MGGeneral, Key: "delivery.reason.payment"},
	368:    {Class: Account, MGCode: MGGeneral, Key: "delivery.reason.policy_block"},
	131031: {Class: Account, MGCode: MGGeneral, Key: "delivery.reason.account_locked"},
	133010: {Class: Account, MGCode: MGGeneral, Key: "delivery.reason.number_not_registered"},
	131045: {Class: Account, MGCode: MGGeneral, Key: "delivery.reason.certificate"},
	190:    {Class: Account, MGCode: MGGeneral, Key: "delivery.reason.bad_key"},
	401:    {Class: Account, MGCode: MGGeneral, Key: "delivery.reason.bad_key"}, // 360dialog "Invalid api_key"
}

// Lookup returns the reason for an error code. A code not in the table gets a
// generic reason carrying that code: class Transient with the resend, because
// an unknown failure is not known to be permanent and the module promises one
// more try. Code 0 (no code at all: network error, 5xx page) is the same
// generic reason with its own wording.
func Lookup(code int) Reason {
	if r, ok := reasons[code]; ok {
		r.Code = code
		return r
	}
	key := "delivery.reason.unknown"
	if code == 0 {
		key = "delivery.reason.no_code"
	}
	return Reason{Code: code, Class: Transient, MGCode: MGGeneral, Key: key, Resend: true}
}

// IsThrottle reports whether a refused send means "slow down", not "failed":
// HTTP 429, throughput (130429), pair rate (131056) or API rate limits (4,
// 80007). The sender waits (honouring Retry-After) and sends the same attempt
// again; the attempt is not counted as failed and Next is not called.
func IsThrottle(code int, httpStatus int) bool {
	if httpStatus == http.StatusTooManyRequests {
		return true
	}
	switch code {
	case 130429, 131056, 4, 80007:
		return true
	}
	return false
}

// ErrorCode picks the code to look up for a refused call: Meta's code when the
// body had one; otherwise 401 for a refused 360dialog key (360dialog's own
// errors carry only an HTTP status); otherwise 0.
func ErrorCode(code int, httpStatus int) int {
	if code != 0 {
		return code
	}
	if httpStatus == http.StatusUnauthorized {
		return 401
	}
	return 0
}
