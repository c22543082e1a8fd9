package secret

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const k1, k2 = "0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210"

func TestSealOpenRoundTripAndBinding(t *testing.T) {
	t.Parallel()
	b, err := New(k1)
	if err != nil {
		t.Fatal(err)
	}
	sealed := b.Seal("D360-key-xyz", "account.d360_key.1")
	if strings.Contains(sealed, "D360-key-xyz") {
		t.Fatal("sealed value contains the plain text")
	}
	if got, err := b.Open(sealed, "account.d360_key.1"); err != nil || got != "D360-key-xyz" {
		t.Fatalf("Open = %q, %v", got, err)
	}
	if _, err := b.Open(sealed, "account.d360_key.2"); err != ErrOpen {
		t.Fatalf("value moved to another row opened: %v", err)
	}
	if b.Seal("x", "a") == b.Seal("x", "a") {
		t.Fatal("two seals of the same value are equal: nonce not random")
	}
	tampered := sealed[:len(sealed)-2] + "AA"
	if _, err := b.Open(tampered, "account.d360_key.1"); err != ErrOpen {
		t.Fatalf("tampered value opened: %v", err)
	}
}

func TestRotation(t *testing.T) {
	t.Parallel()
	old, _ := New(k1)
	sealed := old.Seal("token", "c")
	rotated, err := New(k2 + "," + k1)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := rotated.Open(sealed, "c"); err != nil || got != "token" {
		t.Fatalf("old value after rotation: %q, %v", got, err)
	}
	if !rotated.NeedsReseal(sealed) {
		t.Fatal("old value should need reseal")
	}
	if rotated.NeedsReseal(rotated.Seal("token", "c")) {
		t.Fatal("new value should not need reseal")
	}
	onlyNew, _ := New(k2)
	if _, err := onlyNew.Open(sealed, "c"); err != ErrOpen {
		t.Fatal("value opened without its key")
	}
}

func TestShortKeyRefused(t *testing.T) {
	t.Parallel()
	if _, err := New("short"); err == nil {
		t.Fatal("want error")
	}
}

func TestKeyFileCreatedOnceWithPrivateMode(t *testing.T) {
	t.Parallel()
	p := filepath.Join(t.TempDir(), "d", "waba.key")
	a, err := KeyFile(p)
	if err != nil {
		t.Fatal(err)
	}
	b, err := KeyFile(p)
	if err != nil || a != b || len(a) != 64 {
		t.Fatalf("second read %q vs %q, %v", a, b, err)
	}
	st, _ := os.Stat(p)
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v", st.Mode().Perm())
	}
}

func TestHint(t *testing.T) {
	t.Parallel()
	if Hint("abcdef123") != "••••f123" || Hint("ab") != "••••" {
		t.Fatal(Hint("abcdef123"))
	}
}
