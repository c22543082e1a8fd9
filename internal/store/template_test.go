package store

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestTemplatesPutListDelete(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		cid, _ := s.CreateConnection(ctx, Connection{ClientIDHash: "h", CRMURL: "u", Active: true})
		aid, _ := s.CreateAccount(ctx, Account{ConnectionID: cid, Ref: "r", Active: true})
		other, _ := s.CreateAccount(ctx, Account{ConnectionID: cid, Ref: "r2", Active: true})

		comp := []byte(`[{"type":"BODY","text":"Hola {{1}}"}]`)
		put := Template{AccountID: aid, Code: "welcome.es", Name: "welcome", Language: "es", Status: "approved",
			Hash: "h1", Components: comp}
		if err := s.PutTemplate(ctx, put); err != nil {
			t.Fatal(err)
		}
		if err := s.PutTemplate(ctx, Template{AccountID: other, Code: "welcome.es", Name: "welcome", Language: "es",
			Status: "approved", Hash: "x", Components: []byte(`[]`)}); err != nil {
			t.Fatal(err)
		}
		got, err := s.TemplateByCode(ctx, aid, "welcome.es")
		if err != nil {
			t.Fatal(err)
		}
		if got.Origin != TemplateFromSync || got.Hash != "h1" || !got.UpdatedAt.Equal(c.now()) {
			t.Fatalf("stored %+v", got)
		}
		var want, have any
		_ = json.Unmarshal(comp, &want)
		if err := json.Unmarshal(got.Components, &have); err != nil || !cmp.Equal(want, have) {
			t.Fatalf("components %s, %v", got.Components, err)
		}

		// A second put replaces the row.
		c.add(time.Minute)
		put.Hash, put.Status, put.Origin = "h2", "pending", TemplateFromCRM
		if err := s.PutTemplate(ctx, put); err != nil {
			t.Fatal(err)
		}
		if err := s.PutTemplate(ctx, Template{AccountID: aid, Code: "bye.en", Name: "bye", Language: "en",
			Status: "approved", Hash: "h3", Components: []byte(`[]`)}); err != nil {
			t.Fatal(err)
		}
		list, err := s.Templates(ctx, aid)
		if err != nil {
			t.Fatal(err)
		}
		var codes []string
		for _, tp := range list {
			codes = append(codes, tp.Code+":"+tp.Hash+":"+tp.Status+":"+tp.Origin)
		}
		if diff := cmp.Diff([]string{"bye.en:h3:approved:sync", "welcome.es:h2:pending:crm"}, codes); diff != "" {
			t.Fatalf("templates (-want +got):\n%s", diff)
		}

		if err := s.DeleteTemplate(ctx, aid, "welcome.es"); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteTemplate(ctx, aid, "welcome.es"); err != nil {
			t.Fatalf("deleting a missing template: %v", err)
		}
		if _, err := s.TemplateByCode(ctx, aid, "welcome.es"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("deleted template: %v", err)
		}
		if _, err := s.TemplateByCode(ctx, other, "welcome.es"); err != nil {
			t.Fatalf("another account's template went too: %v", err)
		}

		// Removing the account removes its templates and sync record.
		if err := s.SetTemplateSync(ctx, TemplateSync{AccountID: aid, At: c.now(), OK: true}); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteAccount(ctx, aid); err != nil {
			t.Fatal(err)
		}
		if list, _ := s.Templates(ctx, aid); len(list) != 0 {
			t.Fatalf("templates of a removed account: %+v", list)
		}
		if _, err := s.TemplateSyncOf(ctx, aid); !errors.Is(err, ErrNotFound) {
			t.Fatalf("sync record of a removed account: %v", err)
		}
	})
}

func TestTemplateSyncRecord(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		cid, _ := s.CreateConnection(ctx, Connection{ClientIDHash: "h", CRMURL: "u", Active: true})
		aid, _ := s.CreateAccount(ctx, Account{ConnectionID: cid, Ref: "r", Active: true})
		if _, err := s.TemplateSyncOf(ctx, aid); !errors.Is(err, ErrNotFound) {
			t.Fatalf("never synced: %v", err)
		}
		first := TemplateSync{AccountID: aid, At: c.now(), OK: true, Approved: 3, Created: 3}
		if err := s.SetTemplateSync(ctx, first); err != nil {
			t.Fatal(err)
		}
		second := TemplateSync{AccountID: aid, At: c.now().Add(time.Hour), Error: "360dialog refused the key"}
		if err := s.SetTemplateSync(ctx, second); err != nil {
			t.Fatal(err)
		}
		got, err := s.TemplateSyncOf(ctx, aid)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(second, got); diff != "" {
			t.Fatalf("sync record (-want +got):\n%s", diff)
		}
	})
}

func TestTemplateSyncCandidates(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		now := c.now()
		on, _ := s.CreateConnection(ctx, Connection{ClientIDHash: "h1", CRMURL: "u1", Active: true})
		off, _ := s.CreateConnection(ctx, Connection{ClientIDHash: "h2", CRMURL: "u2", Active: true})
		_ = s.SetConnectionActivity(ctx, off, true, true) // frozen
		acc := func(conn int64, ref string, active bool, lastAgo time.Duration, pending bool) int64 {
			id, err := s.CreateAccount(ctx, Account{ConnectionID: conn, Ref: ref, Active: active})
			if err != nil {
				t.Fatal(err)
			}
			if lastAgo > 0 {
				_ = s.SetTemplateSync(ctx, TemplateSync{AccountID: id, At: now.Add(-lastAgo), OK: true})
			}
			if pending {
				_ = s.PutTemplate(ctx, Template{AccountID: id, Code: "a.es", Name: "a", Language: "es",
					Status: "pending", Origin: TemplateFromCRM, Components: []byte(`[]`)})
			}
			return id
		}
		never := acc(on, "never", true, 0, false)
		old := acc(on, "old", true, 3*time.Hour, false)
		acc(on, "recent", true, 20*time.Minute, false)
		reviewing := acc(on, "reviewing", true, 20*time.Minute, true)
		acc(on, "reviewing-just-now", true, 5*time.Minute, true)
		acc(on, "inactive", false, 0, false)
		acc(off, "frozen", true, 0, false)

		got, err := s.TemplateSyncCandidates(ctx, now.Add(-2*time.Hour), now.Add(-10*time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		at := func(ago time.Duration) *time.Time { x := now.Add(-ago); return &x }
		want := []SyncCandidate{
			{AccountID: never},
			{AccountID: old, LastSyncAt: at(3 * time.Hour)},
			{AccountID: reviewing, LastSyncAt: at(20 * time.Minute), Pending: true},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("candidates (-want +got):\n%s", diff)
		}
	})
}

func TestJobPending(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, s *Store, _ *clock) {
		ctx := context.Background()
		if p, err := s.JobPending(ctx, "template_sync:1"); err != nil || p {
			t.Fatalf("no job: %v %v", p, err)
		}
		if _, _, err := s.InsertJob(ctx, NewJob{Kind: "template_sync", UniqueKey: "template_sync:1"}); err != nil {
			t.Fatal(err)
		}
		if p, err := s.JobPending(ctx, "template_sync:1"); err != nil || !p {
			t.Fatalf("queued job: %v %v", p, err)
		}
		jobs, _ := s.ClaimJobs(ctx, "w", time.Minute, 10)
		if p, _ := s.JobPending(ctx, "template_sync:1"); !p || len(jobs) != 1 {
			t.Fatalf("running job not pending (claimed %d)", len(jobs))
		}
		_ = s.CompleteJob(ctx, jobs[0].ID, "w")
		if p, _ := s.JobPending(ctx, "template_sync:1"); p {
			t.Fatal("finished job still pending")
		}
	})
}
