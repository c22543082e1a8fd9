package catalog

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"waba-transport/internal/account"
	"waba-transport/internal/dialog360"
	"waba-transport/internal/mg"
	"waba-transport/internal/problem"
	"waba-transport/internal/store"
	"waba-transport/internal/template"
)

// Webhook handles the CRM chat's template webhooks for the connection of
// sess: template_create and template_update submit the template to 360dialog
// after the same validation as the template manager (template.Validate), and
// answer {"code", "verification_status"}; template_delete deletes it there.
//
// 360dialog's Messaging API cannot edit a template, and deleting one deletes
// every language of its name. So an update is accepted only where nothing
// approved is lost: a template rejected at 360dialog (and alone under its
// name) is deleted and submitted again; a template 360dialog no longer has is
// submitted as new; one approved, paused, disabled or under review is
// refused with a message pointing to a new name. An update cannot rename.
// A delete removes all languages of the name at 360dialog, and their other
// languages from the chat too, so the chat matches WhatsApp.
func (s *Service) Webhook(ctx context.Context, sess *account.Session, hook *mg.Webhook) (any, error) {
	switch hook.Type {
	case mg.WebhookTemplateCreate:
		d, err := hook.TemplateCreateData()
		if err != nil {
			return nil, problem.Wrap(err, problem.Invalid, "relay.webhook_invalid")
		}
		a, key, err := s.webhookAccount(ctx, sess, d.ChannelID)
		if err != nil {
			return nil, err
		}
		return s.submit(ctx, sess, a, key, d.TemplateContent)
	case mg.WebhookTemplateUpdate:
		d, err := hook.TemplateUpdateData()
		if err != nil {
			return nil, problem.Wrap(err, problem.Invalid, "relay.webhook_invalid")
		}
		a, key, err := s.webhookAccount(ctx, sess, d.ChannelID)
		if err != nil {
			return nil, err
		}
		return s.update(ctx, sess, a, key, d)
	case mg.WebhookTemplateDelete:
		d, err := hook.TemplateDeleteData()
		if err != nil {
			return nil, problem.Wrap(err, problem.Invalid, "relay.webhook_invalid")
		}
		a, key, err := s.webhookAccount(ctx, sess, d.ChannelID)
		if err != nil {
			return nil, err
		}
		return s.remove(ctx, sess, a, key, d.Code)
	}
	return nil, problem.New(problem.Invalid, "relay.webhook_unsupported", "Type", hook.Type)
}

func (s *Service) webhookAccount(ctx context.Context, sess *account.Session, channelID int64) (store.Account, string, error) {
	a, err := s.st.AccountByChannel(ctx, sess.Conn.ID, channelID)
	if errors.Is(err, store.ErrNotFound) {
		return a, "", problem.New(problem.NotFound, "account.not_found")
	}
	if err != nil {
		return a, "", problem.Wrap(err, problem.Internal, "error.internal")
	}
	key, err := s.acc.AccountKey(a)
	if err != nil {
		return a, "", problem.Wrap(err, problem.Internal, "error.internal")
	}
	return a, key, nil
}

// draft resolves a media header's sample file, then validates what the chat
// sent; issues come back as one error listing them in the connection's
// language.
func (s *Service) draft(ctx context.Context, sess *account.Session, c mg.TemplateContent) (template.Draft, error) {
	mediaURL := ""
	if c.Example != nil && len(c.Example.Attachments) > 0 && c.Example.Attachments[0].ID != "" {
		if f, err := sess.MG.File(ctx, c.Example.Attachments[0].ID); err == nil {
			mediaURL = f.URL
		}
	}
	d := fromMG(c, mediaURL)
	if issues := template.Validate(d); len(issues) > 0 {
		return d, problem.New(problem.Invalid, "catalog.draft_invalid", "Count", len(issues),
			"Issues", s.issueText(issues, sess.Conn.Lang))
	}
	return template.Normalize(d), nil
}

// submit validates a template typed in the chat and submits it to 360dialog.
func (s *Service) submit(ctx context.Context, sess *account.Session, a store.Account, key string,
	c mg.TemplateContent) (any, error) {
	d, err := s.draft(ctx, sess, c)
	if err != nil {
		return nil, err
	}
	return s.create(ctx, a, key, d)
}

// create submits a validated draft and records it as the chat's own.
func (s *Service) create(ctx context.Context, a store.Account, key string, d template.Draft) (any, error) {
	created, err := s.d360.CreateTemplate(ctx, key, createRequest(d))
	if err != nil {
		return nil, d360Problem(err, "catalog.create_refused")
	}
	code := template.Code(d.Name, d.Language)
	status := template.MGStatus(created.Status)
	if status == "" {
		status = mg.TemplatePending
	}
	// Recorded as the chat's own: the sync keeps it, with its review status,
	// until 360dialog no longer has it. The empty hash makes the next sync
	// write the module's mapping over the chat's.
	comps, _ := json.Marshal(created.Components)
	row := store.Template{AccountID: a.ID, Code: code, Name: d.Name, Language: d.Language, Status: status,
		Origin: store.TemplateFromCRM, Components: comps}
	if err := s.st.PutTemplate(ctx, row); err != nil {
		return nil, problem.Wrap(err, problem.Internal, "error.internal")
	}
	s.log.Info("template submitted from the CRM", "account_id", a.ID, "code", code, "status", status)
	return mg.TemplateCreateResponse{Code: code, VerificationStatus: status}, nil
}

// update re-submits a template the chat changed, where 360dialog allows it
// (see Webhook).
func (s *Service) update(ctx context.Context, sess *account.Session, a store.Account, key string,
	d *mg.TemplateUpdateData) (any, error) {
	name, lang, ok := template.ParseCode(strings.TrimSpace(d.Code))
	if !ok {
		return nil, problem.New(problem.Invalid, "catalog.code_unknown", "Code", d.Code)
	}
	if (d.Name != "" && d.Name != name) || (d.Lang != "" && d.Lang != lang) {
		return nil, problem.New(problem.Invalid, "catalog.update_rename")
	}
	d.Name, d.Lang = name, lang
	list, err := s.d360.Templates(ctx, key)
	if err != nil {
		return nil, d360Problem(err, "catalog.d360_failed")
	}
	var cur *dialog360.Template
	var others []string
	for i, t := range list {
		switch {
		case t.Name == name && t.Language == lang:
			cur = &list[i]
		case t.Name == name:
			others = append(others, t.Language)
		}
	}
	if cur != nil {
		if st := template.MGStatus(cur.Status); st != mg.TemplateRejected {
			return nil, problem.New(problem.Conflict, "catalog.update_not_editable", "Status", strings.ToLower(cur.Status))
		}
		if len(others) > 0 {
			slices.Sort(others)
			return nil, problem.New(problem.Conflict, "catalog.update_other_languages",
				"Languages", strings.Join(others, ", "))
		}
	}
	draft, err := s.draft(ctx, sess, d.TemplateContent) // before deleting, so a bad draft loses nothing
	if err != nil {
		return nil, err
	}
	if cur != nil {
		if err := s.d360.DeleteTemplate(ctx, key, name); err != nil && d360HTTP(err) != http.StatusNotFound {
			return nil, d360Problem(err, "catalog.delete_refused")
		}
	}
	return s.create(ctx, a, key, draft)
}

// remove deletes the template name at 360dialog (all its languages) and
// takes its other languages out of the chat; the chat removes the one it
// asked about itself.
func (s *Service) remove(ctx context.Context, sess *account.Session, a store.Account, key, code string) (any, error) {
	name, _, ok := template.ParseCode(strings.TrimSpace(code))
	if !ok {
		return nil, problem.New(problem.Invalid, "catalog.code_unknown", "Code", code)
	}
	if err := s.d360.DeleteTemplate(ctx, key, name); err != nil && d360HTTP(err) != http.StatusNotFound {
		return nil, d360Problem(err, "catalog.delete_refused")
	}
	rows, err := s.st.Templates(ctx, a.ID)
	if err != nil {
		return nil, problem.Wrap(err, problem.Internal, "error.internal")
	}
	for _, r := range rows {
		if r.Name != name {
			continue
		}
		if r.Code != code {
			if err := sess.MG.DeactivateTemplate(ctx, a.ChannelID, r.Code); err != nil && mgStatus(err) != http.StatusNotFound {
				s.log.Warn("template delete: deactivate other language failed", "account_id", a.ID, "code", r.Code,
					"error", err)
				continue // the next sync removes it
			}
		}
		if err := s.st.DeleteTemplate(ctx, a.ID, r.Code); err != nil {
			return nil, problem.Wrap(err, problem.Internal, "error.internal")
		}
	}
	s.log.Info("template deleted from the CRM", "account_id", a.ID, "name", name)
	return struct{}{}, nil
}

// issueText lists validation issues in lang, one sentence each.
func (s *Service) issueText(issues []template.Issue, lang string) string {
	parts := make([]string, len(issues))
	for i, is := range issues {
		parts[i] = s.cat.T(lang, is.Key, is.Args)
	}
	return strings.Join(parts, " ")
}

// d360Problem turns a 360dialog failure into what the chat shows: WhatsApp's
// own reason where it gave one (it says what to change), else its status.
func d360Problem(err error, key string) error {
	var de *dialog360.Error
	if !errors.As(err, &de) {
		return problem.Wrap(err, problem.Unavailable, "catalog.d360_unreachable")
	}
	if de.InvalidKey() {
		return problem.Wrap(err, problem.Upstream, "catalog.key_invalid")
	}
	reason := strings.TrimSpace(de.Details)
	if reason == "" {
		reason = strings.TrimSpace(de.Message)
	}
	if reason == "" {
		reason = "HTTP " + strconv.Itoa(de.HTTPStatus)
	}
	if r := []rune(reason); len(r) > 300 {
		reason = string(r[:300])
	}
	return problem.Wrap(err, problem.Upstream, key, "Reason", reason, "Status", de.HTTPStatus)
}

func d360HTTP(err error) int {
	var de *dialog360.Error
	if errors.As(err, &de) {
		return de.HTTPStatus
	}
	return 0
}
