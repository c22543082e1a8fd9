package web

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"strings"

	"waba-transport/internal/problem"
)

// secretHeader carries an account's webhook secret; this service asks
// 360dialog to send it with every callback when it registers the URL.
const secretHeader = "X-Waba-Secret"

// signatureHeader carries 360dialog's partner signature: HMAC-SHA256 of the
// body with the partner's platform secret.
const signatureHeader = "X-360dialog-Signature"

// handleDialog360Receive takes a 360dialog callback for one account:
// 200 {} when accepted; 401 for a wrong secret or partner signature, 413
// over 1 MiB. With a partner secret configured, a callback that carries a
// signature must be signed with it; one without is still checked by its
// account's own secret (Accept does that).
func handleDialog360Receive(u *ui, inbound InboundWebhook, partnerSecret string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := readBody(w, r)
		if err != nil {
			u.writeError(w, r, err)
			return
		}
		if sigs := r.Header.Values(signatureHeader); partnerSecret != "" && len(sigs) > 0 &&
			!validSignature(partnerSecret, body, sigs[0]) {
			u.writeError(w, r, problem.New(problem.Unauthorized, "web.error.bad_signature"))
			return
		}
		if err := inbound.Accept(r.Context(), r.PathValue("accountRef"), r.Header.Get(secretHeader), body); err != nil {
			u.writeError(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, struct{}{})
	})
}

// validSignature reports whether sig is the HMAC-SHA256 of body with secret.
// 360dialog's documentation does not say how the signature is encoded, so
// hex and base64 (standard or URL alphabet, padded or not) are accepted,
// with or without a "sha256=" prefix; every comparison is constant-time.
func validSignature(secret string, body []byte, sig string) bool {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	want := mac.Sum(nil)
	sig = strings.TrimSpace(sig)
	if len(sig) > 7 && strings.EqualFold(sig[:7], "sha256=") {
		sig = sig[7:]
	}
	ok := false
	if b, err := hex.DecodeString(sig); err == nil && hmac.Equal(b, want) {
		ok = true
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(sig); err == nil && hmac.Equal(b, want) {
			ok = true
		}
	}
	return ok
}
