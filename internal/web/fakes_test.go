package web

import (
	"context"
	"sync"
	"time"

	"waba-transport/internal/account"
	"waba-transport/internal/relay"
)

// fakeAccounts is an Accounts whose behaviour each test sets with function
// fields. A call to a method whose field is nil panics, which the server
// turns into a 500 the test sees.
type fakeAccounts struct {
	ActivityFunc      func(ctx context.Context, a account.Activity) error
	AccountsFunc      func(ctx context.Context, clientID string) ([]account.Account, error)
	AddAccountFunc    func(ctx context.Context, clientID string, in account.AddInput) (account.Account, error)
	ConnectFunc       func(ctx context.Context, in account.ConnectInput) (account.Connected, error)
	ConnectionFunc    func(ctx context.Context, clientID string) (account.Connection, error)
	RekeyAccountFunc  func(ctx context.Context, clientID string, id int64, apiKey string) (account.Account, error)
	RemoveAccountFunc func(ctx context.Context, clientID string, id int64) error
	SetLanguageFunc   func(ctx context.Context, clientID, lang string) error
}

var _ Accounts = (*fakeAccounts)(nil)

func (f *fakeAccounts) Activity(ctx context.Context, a account.Activity) error {
	if f.ActivityFunc == nil {
		panic("fake: unexpected call to Activity")
	}
	return f.ActivityFunc(ctx, a)
}

func (f *fakeAccounts) Accounts(ctx context.Context, clientID string) ([]account.Account, error) {
	if f.AccountsFunc == nil {
		panic("fake: unexpected call to Accounts")
	}
	return f.AccountsFunc(ctx, clientID)
}

func (f *fakeAccounts) AddAccount(ctx context.Context, clientID string, in account.AddInput) (account.Account, error) {
	if f.AddAccountFunc == nil {
		panic("fake: unexpected call to AddAccount")
	}
	return f.AddAccountFunc(ctx, clientID, in)
}

func (f *fakeAccounts) Connect(ctx context.Context, in account.ConnectInput) (account.Connected, error) {
	if f.ConnectFunc == nil {
		panic("fake: unexpected call to Connect")
	}
	return f.ConnectFunc(ctx, in)
}

func (f *fakeAccounts) Connection(ctx context.Context, clientID string) (account.Connection, error) {
	if f.ConnectionFunc == nil {
		panic("fake: unexpected call to Connection")
	}
	return f.ConnectionFunc(ctx, clientID)
}

func (f *fakeAccounts) RekeyAccount(ctx context.Context, clientID string, id int64, apiKey string) (account.Account, error) {
	if f.RekeyAccountFunc == nil {
		panic("fake: unexpected call to RekeyAccount")
	}
	return f.RekeyAccountFunc(ctx, clientID, id, apiKey)
}

func (f *fakeAccounts) RemoveAccount(ctx context.Context, clientID string, id int64) error {
	if f.RemoveAccountFunc == nil {
		panic("fake: unexpected call to RemoveAccount")
	}
	return f.RemoveAccountFunc(ctx, clientID, id)
}

func (f *fakeAccounts) SetLanguage(ctx context.Context, clientID, lang string) error {
	if f.SetLanguageFunc == nil {
		panic("fake: unexpected call to SetLanguage")
	}
	return f.SetLanguageFunc(ctx, clientID, lang)
}

// fakeInbound is an InboundWebhook set by function field.
type fakeInbound struct {
	AcceptFunc func(ctx context.Context, accountRef, secret string, body []byte) error
}

var _ InboundWebhook = (*fakeInbound)(nil)

func (f *fakeInbound) Accept(ctx context.Context, accountRef, secret string, body []byte) error {
	if f.AcceptFunc == nil {
		panic("fake: unexpected call to Accept")
	}
	return f.AcceptFunc(ctx, accountRef, secret, body)
}

// fakeMG is an MGWebhook set by function field.
type fakeMG struct {
	HandleFunc func(ctx context.Context, clientID string, body []byte) (any, error)
}

var _ MGWebhook = (*fakeMG)(nil)

func (f *fakeMG) Handle(ctx context.Context, clientID string, body []byte) (any, error) {
	if f.HandleFunc == nil {
		panic("fake: unexpected call to Handle")
	}
	return f.HandleFunc(ctx, clientID, body)
}

// fakeTrails is a Messages (trail and replay) set by function field.
type fakeTrails struct {
	TrailFunc  func(ctx context.Context, clientID string, accountID int64, ref string) (relay.Trail, error)
	ReplayFunc func(ctx context.Context, clientID string, accountID, webhookID int64, from, to time.Time) (relay.Replayed, error)
}

var _ Messages = (*fakeTrails)(nil)

func (f *fakeTrails) Trail(ctx context.Context, clientID string, accountID int64, ref string) (relay.Trail, error) {
	if f.TrailFunc == nil {
		panic("fake: unexpected call to Trail")
	}
	return f.TrailFunc(ctx, clientID, accountID, ref)
}

func (f *fakeTrails) Replay(ctx context.Context, clientID string, accountID, webhookID int64, from, to time.Time) (relay.Replayed, error) {
	if f.ReplayFunc == nil {
		panic("fake: unexpected call to Replay")
	}
	return f.ReplayFunc(ctx, clientID, accountID, webhookID, from, to)
}

// fakeHealth is a HealthCheck that remembers which numbers it checked.
type fakeHealth struct {
	mu      sync.Mutex
	checked []int64
	err     error
}

var _ HealthCheck = (*fakeHealth)(nil)

func (f *fakeHealth) CheckHealth(_ context.Context, accountID int64) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.checked = append(f.checked, accountID)
	return f.err
}

func (f *fakeHealth) calls() []int64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]int64(nil), f.checked...)
}
