package web

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"waba-transport/internal/account"
	"waba-transport/internal/problem"
)

// memStore is an in-memory stand-in for the account service, so the
// browser tests can click through whole flows. Keys starting with "good"
// are accepted.
type memStore struct {
	mu     sync.Mutex
	conns  map[string]*account.Connection
	accts  map[string][]account.Account
	nextID int64
}

func newMemStore() *memStore {
	return &memStore{conns: map[string]*account.Connection{}, accts: map[string][]account.Account{}, nextID: 1}
}

// fake returns an Accounts backed by the store.
func (m *memStore) fake() *fakeAccounts {
	return &fakeAccounts{
		ConnectFunc: func(_ context.Context, in account.ConnectInput) (account.Connected, error) {
			if !strings.HasPrefix(in.APIKey, "good") {
				return account.Connected{}, problem.New(problem.Invalid, "crm.key_invalid")
			}
			m.mu.Lock()
			defer m.mu.Unlock()
			id := fmt.Sprintf("cid-%d-secret", len(m.conns)+1)
			m.conns[id] = &account.Connection{CRMURL: in.CRMURL, Active: true, Lang: in.Lang, CreatedAt: created}
			return account.Connected{ClientID: id, SettingsURL: "/settings/" + id}, nil
		},
		ConnectionFunc: func(_ context.Context, clientID string) (account.Connection, error) {
			m.mu.Lock()
			defer m.mu.Unlock()
			c, ok := m.conns[clientID]
			if !ok {
				return account.Connection{}, problem.New(problem.NotFound, "error.not_found")
			}
			return *c, nil
		},
		SetLanguageFunc: func(_ context.Context, clientID, lang string) error {
			m.mu.Lock()
			defer m.mu.Unlock()
			m.conns[clientID].Lang = lang
			return nil
		},
		AccountsFunc: func(_ context.Context, clientID string) ([]account.Account, error) {
			m.mu.Lock()
			defer m.mu.Unlock()
			return append([]account.Account(nil), m.accts[clientID]...), nil
		},
		AddAccountFunc: func(_ context.Context, clientID string, in account.AddInput) (account.Account, error) {
			if !strings.HasPrefix(in.APIKey, "good") {
				return account.Account{}, problem.New(problem.Invalid, "dialog360.key_invalid")
			}
			m.mu.Lock()
			defer m.mu.Unlock()
			a := account.Account{ID: m.nextID, Name: in.Name, ChannelID: 300 + m.nextID, DisplayPhone: "+34 600 000 00" + fmt.Sprint(m.nextID),
				KeyHint: "••••" + in.APIKey[len(in.APIKey)-4:], Active: true, CreatedAt: created}
			m.nextID++
			m.accts[clientID] = append(m.accts[clientID], a)
			return a, nil
		},
		RemoveAccountFunc: func(_ context.Context, clientID string, id int64) error {
			m.mu.Lock()
			defer m.mu.Unlock()
			list := m.accts[clientID]
			for i := range list {
				if list[i].ID == id {
					m.accts[clientID] = append(list[:i], list[i+1:]...)
					return nil
				}
			}
			return problem.New(problem.NotFound, "error.not_found")
		},
	}
}
