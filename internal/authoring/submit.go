package authoring

import (
	"context"
	"errors"
	"strings"

	"waba-transport/internal/dialog360"
	"waba-transport/internal/problem"
	"waba-transport/internal/template"
)

// Submit sends a draft to 360dialog for Meta's review. It is refused with
// the draft's issues (IssuesOf) while template.Validate finds any. Once
// 360dialog has taken it the draft is removed: from then on 360dialog's list
// shows the template and its review status.
func (s *Service) Submit(ctx context.Context, clientID string, accountID, draftID int64) (Entry, error) {
	a, err := s.account(ctx, clientID, accountID)
	if err != nil {
		return Entry{}, err
	}
	row, err := s.draft(ctx, a, draftID)
	if err != nil {
		return Entry{}, err
	}
	d, err := decodeDraft(row.Content)
	if err != nil {
		return Entry{}, problem.Wrap(err, problem.Internal, "error.internal").WithDetail("draft %d", row.ID)
	}
	if issues := template.Validate(d); len(issues) > 0 {
		return Entry{}, problem.Wrap(&Invalid{Issues: issues}, problem.Invalid, "authoring.draft_invalid",
			"Count", len(issues))
	}
	key, err := s.key(a)
	if err != nil {
		return Entry{}, err
	}
	cctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	t, err := s.d360.CreateTemplate(cctx, key, Create(d))
	if err != nil {
		return Entry{}, d360Error(err)
	}
	if t.Status == "" {
		t.Status = "submitted"
	}
	// The template now lives at 360dialog. Failing to forget the draft only
	// leaves a copy the merchant can delete, so it is logged, not returned.
	if err := s.st.DeleteDraft(context.WithoutCancel(ctx), row.ID); err != nil {
		s.log.Warn("authoring: forget submitted draft", "account_id", a.ID, "draft_id", row.ID, "error", err)
	}
	s.log.Info("template submitted", "account_id", a.ID, "name", t.Name, "language", t.Language, "status", t.Status)
	return remoteEntry(t), nil
}

// Delete deletes template name in all its languages, at 360dialog (as its
// API does) and among the drafts. A name that is neither is not found.
func (s *Service) Delete(ctx context.Context, clientID string, accountID int64, name string) error {
	a, err := s.account(ctx, clientID, accountID)
	if err != nil {
		return err
	}
	name = strings.TrimSpace(name)
	if name == "" {
		return problem.New(problem.NotFound, "authoring.template_not_found", "Name", name)
	}
	key, err := s.key(a)
	if err != nil {
		return err
	}
	cctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	remoteErr := s.d360.DeleteTemplate(cctx, key, name)
	var de *dialog360.Error
	gone := errors.As(remoteErr, &de) && de.HTTPStatus == 404
	if remoteErr != nil && !gone {
		return d360Error(remoteErr)
	}
	n, err := s.st.DeleteDraftsByName(ctx, a.ID, name)
	if err != nil {
		return problem.Wrap(err, problem.Internal, "error.internal")
	}
	if gone && n == 0 {
		return problem.New(problem.NotFound, "authoring.template_not_found", "Name", name)
	}
	s.log.Info("template deleted", "account_id", a.ID, "name", name, "drafts", n, "at_360dialog", !gone)
	return nil
}
