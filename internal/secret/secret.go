// Package secret encrypts the API keys and tokens the module stores (AES-256-GCM
// with a random nonce). A sealed value names the key that sealed it, so keys can
// be rotated: WABA_SECRET_KEY may list several keys separated by commas; the
// first seals, all of them open. Each value is bound to where it is stored
// (table, column, row) through the GCM additional data, so a sealed value copied
// into another row or column does not open.
package secret

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

const prefix = "v1:"

// ErrOpen is returned when a value cannot be opened: wrong key, wrong place, or tampered.
var ErrOpen = errors.New("secret: cannot open sealed value (unknown key, wrong binding, or tampered)")

// Box seals and opens values.
type Box struct {
	current key
	byID    map[string]key
}

type key struct {
	id   string // 8 hex chars, derived from the key, stored with each value
	aead cipher.AEAD
}

// New builds a Box from a comma-separated list of keys; the first seals.
// A key is any string of at least 16 characters (a random 32-byte hex or
// base64 value is recommended); it is stretched with HKDF-SHA256.
func New(keys string) (*Box, error) {
	b := &Box{byID: map[string]key{}}
	for i, raw := range strings.Split(keys, ",") {
		raw = strings.TrimSpace(raw)
		if len(raw) < 16 {
			return nil, fmt.Errorf("secret: key %d is shorter than 16 characters", i+1)
		}
		k, err := newKey(raw)
		if err != nil {
			return nil, err
		}
		if i == 0 {
			b.current = k
		}
		b.byID[k.id] = k
	}
	return b, nil
}

func newKey(raw string) (key, error) {
	material, err := hkdf.Key(sha256.New, []byte(raw), []byte("waba-transport"), "secret-box-v1", 32)
	if err != nil {
		return key{}, fmt.Errorf("secret: derive key: %w", err)
	}
	block, err := aes.NewCipher(material)
	if err != nil {
		return key{}, fmt.Errorf("secret: cipher: %w", err)
	}
	aead, err := cipher.NewGCMWithRandomNonce(block)
	if err != nil {
		return key{}, fmt.Errorf("secret: gcm: %w", err)
	}
	sum := sha256.Sum256(material)
	return key{id: hex.EncodeToString(sum[:4]), aead: aead}, nil
}

// Seal encrypts plain, bound to binding (e.g. "account.d360_key.42").
// An empty plain seals to the empty string.
func (b *Box) Seal(plain, binding string) string {
	if plain == "" {
		return ""
	}
	ct := b.current.aead.Seal(nil, nil, []byte(plain), []byte(binding))
	return prefix + b.current.id + ":" + base64.RawStdEncoding.EncodeToString(ct)
}

// Open decrypts a value made by Seal with the same binding.
func (b *Box) Open(sealed, binding string) (string, error) {
	if sealed == "" {
		return "", nil
	}
	rest, ok := strings.CutPrefix(sealed, prefix)
	if !ok {
		return "", ErrOpen
	}
	id, data, ok := strings.Cut(rest, ":")
	if !ok {
		return "", ErrOpen
	}
	k, ok := b.byID[id]
	if !ok {
		return "", ErrOpen
	}
	ct, err := base64.RawStdEncoding.DecodeString(data)
	if err != nil {
		return "", ErrOpen
	}
	plain, err := k.aead.Open(nil, nil, ct, []byte(binding))
	if err != nil {
		return "", ErrOpen
	}
	return string(plain), nil
}

// NeedsReseal reports whether sealed was made with a key other than the current
// one, i.e. whether a rotation job should open and seal it again.
func (b *Box) NeedsReseal(sealed string) bool {
	rest, ok := strings.CutPrefix(sealed, prefix)
	return ok && !strings.HasPrefix(rest, b.current.id+":")
}

// KeyFile returns the key stored in path, creating it with a fresh random key
// (mode 0600) when it does not exist. It serves the SQLite default, where no
// WABA_SECRET_KEY is required.
func KeyFile(path string) (string, error) {
	data, err := os.ReadFile(path)
	if err == nil {
		return strings.TrimSpace(string(data)), nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return "", fmt.Errorf("secret: read key file: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return "", fmt.Errorf("secret: create key dir: %w", err)
	}
	k := hex.EncodeToString(Random(32))
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", fmt.Errorf("secret: create key file: %w", err)
	}
	if _, err := f.WriteString(k + "\n"); err != nil {
		f.Close()
		return "", fmt.Errorf("secret: write key file: %w", err)
	}
	return k, f.Close()
}

// Random returns n random bytes.
func Random(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return b
}

// Token returns a random URL-safe token with n bytes of entropy.
func Token(n int) string { return base64.RawURLEncoding.EncodeToString(Random(n)) }

// Hash returns the SHA-256 hex digest of s: how the module looks up secrets
// (client ids, webhook secrets) without storing them in clear.
func Hash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// Hint shows the last four characters of a secret, for pages ("••••3f9a").
func Hint(s string) string {
	if len(s) <= 4 {
		return "••••"
	}
	return "••••" + s[len(s)-4:]
}
