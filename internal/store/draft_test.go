package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// draftAccount makes a connection with one account and returns its id.
func draftAccount(t *testing.T, s *Store, ref string) int64 {
	t.Helper()
	ctx := context.Background()
	cid, err := s.CreateConnection(ctx, Connection{ClientIDHash: "h-" + ref, ClientIDEnc: "e", CRMURL: "https://" + ref,
		CRMKeyEnc: "k", MGURL: "https://mg", MGTokenEnc: "t", Active: true, Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	aid, err := s.CreateAccount(ctx, Account{ConnectionID: cid, Ref: ref, Name: "Shop", D360KeyEnc: "x",
		KeyHint: "••••abcd", WebhookSecretHash: "sh", Active: true})
	if err != nil {
		t.Fatal(err)
	}
	return aid
}

func TestDraftsLifecycle(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		aid := draftAccount(t, s, "a1")
		other := draftAccount(t, s, "a2")

		d := Draft{AccountID: aid, Name: "order_update", Language: "en", Category: "UTILITY", Content: `{"name":"order_update"}`}
		id, err := s.CreateDraft(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.CreateDraft(ctx, d); !errors.Is(err, ErrDuplicate) {
			t.Fatalf("same name and language again: err = %v, want ErrDuplicate", err)
		}
		es := d
		es.Language = "es"
		esID, err := s.CreateDraft(ctx, es)
		if err != nil {
			t.Fatalf("another language of the name: %v", err)
		}
		elsewhere := d
		elsewhere.AccountID = other
		if _, err := s.CreateDraft(ctx, elsewhere); err != nil {
			t.Fatalf("same name on another number: %v", err)
		}

		got, err := s.DraftByID(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		created := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
		want := Draft{ID: id, AccountID: aid, Name: "order_update", Language: "en", Category: "UTILITY",
			Content: `{"name":"order_update"}`, CreatedAt: created, UpdatedAt: created}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("DraftByID (-want +got):\n%s", diff)
		}

		c.add(time.Minute)
		moved := got
		moved.Language = "es" // taken by the other draft
		if err := s.UpdateDraft(ctx, moved); !errors.Is(err, ErrDuplicate) {
			t.Fatalf("update onto a taken language: err = %v, want ErrDuplicate", err)
		}
		moved.Language, moved.Category, moved.Content = "pt_BR", "MARKETING", `{"v":2}`
		if err := s.UpdateDraft(ctx, moved); err != nil {
			t.Fatal(err)
		}
		got, _ = s.DraftByID(ctx, id)
		if got.Language != "pt_BR" || got.Category != "MARKETING" || got.Content != `{"v":2}` ||
			!got.UpdatedAt.Equal(created.Add(time.Minute)) || !got.CreatedAt.Equal(created) {
			t.Fatalf("after update: %+v", got)
		}
		if err := s.UpdateDraft(ctx, Draft{ID: 999, Name: "x", Language: "en"}); !errors.Is(err, ErrNotFound) {
			t.Fatalf("update of a missing draft: %v", err)
		}

		list, err := s.Drafts(ctx, aid)
		if err != nil {
			t.Fatal(err)
		}
		var langs []string
		for _, d := range list {
			langs = append(langs, d.Name+"/"+d.Language)
		}
		if diff := cmp.Diff([]string{"order_update/es", "order_update/pt_BR"}, langs); diff != "" {
			t.Fatalf("Drafts (-want +got):\n%s", diff)
		}

		if err := s.DeleteDraft(ctx, esID); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteDraft(ctx, esID); !errors.Is(err, ErrNotFound) {
			t.Fatalf("second delete: %v", err)
		}
		n, err := s.DeleteDraftsByName(ctx, aid, "order_update")
		if err != nil || n != 1 {
			t.Fatalf("DeleteDraftsByName = %d, %v; want 1", n, err)
		}
		if list, _ := s.Drafts(ctx, other); len(list) != 1 {
			t.Fatalf("the other number's draft went too: %+v", list)
		}
		if _, err := s.DraftByID(ctx, id); !errors.Is(err, ErrNotFound) {
			t.Fatalf("deleted draft still found: %v", err)
		}
	})
}

func TestDraftsGoWithTheirAccount(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, s *Store, _ *clock) {
		ctx := context.Background()
		aid := draftAccount(t, s, "a1")
		id, err := s.CreateDraft(ctx, Draft{AccountID: aid, Name: "n", Language: "en", Content: "{}"})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteAccount(ctx, aid); err != nil {
			t.Fatal(err)
		}
		if _, err := s.DraftByID(ctx, id); !errors.Is(err, ErrNotFound) {
			t.Fatalf("draft of a removed number: %v", err)
		}
	})
}
