package catalog

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"

	"waba-transport/internal/account"
	"waba-transport/internal/dialog360"
	"waba-transport/internal/jobs"
	"waba-transport/internal/mg"
	"waba-transport/internal/store"
)

// mgTemplates is the part of the MessageGateway client a sync uses; tests
// give a fake.
type mgTemplates interface {
	ActivateTemplate(ctx context.Context, channelID int64, t mg.Template) error
	UpdateTemplate(ctx context.Context, channelID int64, code string, t mg.Template) error
	DeactivateTemplate(ctx context.Context, channelID int64, code string) error
}

// outcome counts what a sync did.
type outcome struct {
	Approved, Created, Updated, Removed, Skipped int
	Refused                                      []string // codes MessageGateway refused
}

// handleSync runs a KindSync job. The result is recorded by Sync; only
// failures a retry may fix (network, 5xx, 429) retry the job, others wait
// for the next periodic sync.
func (s *Service) handleSync(ctx context.Context, j store.Job) error {
	var p syncJob
	if err := json.Unmarshal(j.Payload, &p); err != nil {
		return jobs.Permanent(err)
	}
	_, err := s.Sync(ctx, p.AccountID)
	switch {
	case err == nil, errors.Is(err, store.ErrNotFound):
		return nil
	case transient(err):
		return err
	default:
		return nil
	}
}

// Sync makes the account's MessageGateway templates match its approved
// templates at 360dialog, records the result (store.TemplateSync) and returns
// it as the settings page shows it. An account that no longer exists gives
// store.ErrNotFound and records nothing.
func (s *Service) Sync(ctx context.Context, accountID int64) (account.TemplateSync, error) {
	a, err := s.st.AccountByID(ctx, accountID)
	if err != nil {
		return account.TemplateSync{}, err
	}
	sess, err := s.acc.SessionByID(ctx, a.ConnectionID)
	if err != nil {
		return account.TemplateSync{}, err
	}
	var res outcome
	switch {
	case !sess.Conn.Active || sess.Conn.Frozen:
		err = errInactive
	case a.ChannelID == 0:
		err = errNoChannel
	default:
		res, err = s.syncAccount(ctx, a, sess.MG)
	}
	if err == nil && len(res.Refused) > 0 {
		err = refusedError{codes: res.Refused}
	}
	rec := store.TemplateSync{AccountID: a.ID, At: s.st.Now(), OK: err == nil, Approved: res.Approved,
		Created: res.Created, Updated: res.Updated, Removed: res.Removed}
	if err != nil {
		rec.Error = s.explain(err, sess.Conn.Lang)
		s.log.Warn("template sync failed", "account_id", a.ID, "error", err)
	} else {
		s.log.Info("template sync", "account_id", a.ID, "approved", res.Approved, "created", res.Created,
			"updated", res.Updated, "removed", res.Removed, "skipped", res.Skipped)
	}
	if rerr := s.st.SetTemplateSync(ctx, rec); rerr != nil && err == nil {
		err = rerr
	}
	return view(rec), err
}

// syncAccount reads the account's templates from 360dialog and applies the
// differences to its channel.
func (s *Service) syncAccount(ctx context.Context, a store.Account, m mgTemplates) (outcome, error) {
	key, err := s.acc.AccountKey(a)
	if err != nil {
		return outcome{}, err
	}
	list, err := s.d360.Templates(ctx, key)
	if err != nil {
		return outcome{}, &sideError{side: "360dialog", err: err}
	}
	return reconcile(ctx, s.st, m, a.ID, a.ChannelID, list)
}

// reconcile applies plan(desired(list), stored) to the channel and the store.
// Each change is stored as soon as MessageGateway took it, so an interrupted
// sync resumes where it stopped. A template MessageGateway refuses (a 4xx
// other than 401, 404, 408 and 429) is counted and skipped; any other
// failure stops the sync with the error.
func reconcile(ctx context.Context, st *store.Store, m mgTemplates, accountID, channelID int64,
	list []dialog360.Template) (outcome, error) {
	rows, err := st.Templates(ctx, accountID)
	if err != nil {
		return outcome{}, err
	}
	current := make(map[string]store.Template, len(rows))
	for _, r := range rows {
		current[r.Code] = r
	}
	want, skipped := desired(list, current)
	res := outcome{Skipped: skipped}
	for _, c := range plan(want, current) {
		err := apply(ctx, m, channelID, c)
		switch {
		case err != nil && refusedByMG(err):
			res.Refused = append(res.Refused, c.Code)
			continue
		case err != nil:
			return res, &sideError{side: "MessageGateway", err: fmt.Errorf("%s template %s: %w", c.Op, c.Code, err)}
		}
		switch c.Op {
		case opRemove:
			err = st.DeleteTemplate(ctx, accountID, c.Code)
			res.Removed++
		default:
			err = st.PutTemplate(ctx, store.Template{AccountID: accountID, Code: c.Code, Name: c.Want.Name,
				Language: c.Want.Language, Status: c.Want.MG.VerificationStatus, Origin: c.Want.Origin,
				Hash: c.Want.Hash, Components: c.Want.Components})
			if c.Op == opCreate {
				res.Created++
			} else {
				res.Updated++
			}
		}
		if err != nil {
			return res, err
		}
	}
	for code, w := range want {
		if w.MG.VerificationStatus == mg.TemplateApproved && !slices.Contains(res.Refused, code) {
			res.Approved++
		}
	}
	return res, nil
}

// apply makes one change in MessageGateway. A create of a code the channel
// already has (left by an earlier install, or created in the CRM chat)
// becomes an update; an update or removal of a code MessageGateway no longer
// has becomes a create or nothing.
func apply(ctx context.Context, m mgTemplates, channelID int64, c change) error {
	switch c.Op {
	case opCreate:
		err := m.ActivateTemplate(ctx, channelID, c.Want.MG)
		if err != nil && refusedByMG(err) {
			if uerr := m.UpdateTemplate(ctx, channelID, c.Code, c.Want.MG); uerr == nil {
				return nil
			}
		}
		return err
	case opUpdate:
		err := m.UpdateTemplate(ctx, channelID, c.Code, c.Want.MG)
		if mgStatus(err) == http.StatusNotFound {
			return m.ActivateTemplate(ctx, channelID, c.Want.MG)
		}
		return err
	default:
		err := m.DeactivateTemplate(ctx, channelID, c.Code)
		if mgStatus(err) == http.StatusNotFound {
			return nil
		}
		return err
	}
}
