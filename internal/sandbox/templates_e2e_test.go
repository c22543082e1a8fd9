package sandbox

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"waba-transport/internal/config"
	"waba-transport/internal/sim"
	"waba-transport/internal/store"
)

// Templates of the sandbox's number used below.
var (
	orderReadyES = map[string]any{"name": "order_ready", "language": "es", "category": "UTILITY", "components": []any{
		map[string]any{"type": "HEADER", "format": "TEXT", "text": "Pedido {{1}}",
			"example": map[string]any{"header_text": []any{"A-1"}}},
		map[string]any{"type": "BODY", "text": "Hola {{1}}, tu pedido {{2}} está listo para recoger.",
			"example": map[string]any{"body_text": []any{[]any{"Ana", "A-1"}}}},
		map[string]any{"type": "BUTTONS", "buttons": []any{
			map[string]any{"type": "URL", "text": "Ver pedido", "url": "https://shop.example/o/{{1}}",
				"example": []any{"https://shop.example/o/A-1"}}}},
	}}
	orderReadyEN = map[string]any{"name": "order_ready", "language": "en", "category": "UTILITY", "components": []any{
		map[string]any{"type": "BODY", "text": "Hi {{1}}, your order {{2}} is ready for pickup.",
			"example": map[string]any{"body_text": []any{[]any{"Ana", "A-1"}}}}}}
)

func simpleTemplate(name, status, body string) map[string]any {
	return map[string]any{"name": name, "language": "en", "category": "MARKETING", "status": status,
		"components": []any{map[string]any{"type": "BODY", "text": body}}}
}

// crmCodes lists the template codes the CRM chat offers on the channel.
func crmCodes(e *Env) []string {
	var out []string
	for _, t := range e.CRM.Templates(e.ChannelID) {
		out = append(out, t.Code)
	}
	slices.Sort(out)
	return out
}

func waitCodes(t *testing.T, e *Env, want ...string) {
	t.Helper()
	slices.Sort(want)
	waitFor(t, "CRM templates "+strings.Join(want, ", "), func() bool { return slices.Equal(crmCodes(e), want) })
}

// deleteAt360 deletes a template name the way the 360dialog hub would.
func deleteAt360(t *testing.T, e *Env, name string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodDelete, e.D360URL+"/v1/configs/templates/"+name, nil)
	req.Header.Set("D360-API-KEY", D360Key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("delete %s at 360dialog: %v %v", name, resp, err)
	}
	resp.Body.Close()
}

// TestTemplatesReachTheCRMAndAreSentWithTheirVariables: with a short sync
// interval, approved templates (each language its own) appear in the CRM
// chat, a pending one once approved, deleted and rejected ones disappear; a
// template message with variables reaches 360dialog in the documented shape,
// and one with a wrong count of values is refused before sending.
func TestTemplatesReachTheCRMAndAreSentWithTheirVariables(t *testing.T) {
	t.Parallel()
	for name, dbURL := range store.TestDatabases(t) {
		t.Run(name, func(t *testing.T) {
			e := start(t, dbURL, Options{Connect: true,
				Configure: func(c *config.Config) { c.TemplateSyncInterval = 2 * time.Second }})
			ctx := context.Background()
			e.D360.AddTemplate(D360Key, orderReadyES)
			e.D360.AddTemplate(D360Key, orderReadyEN)
			e.D360.AddTemplate(D360Key, simpleTemplate("spring_sale", "submitted", "Our spring sale starts today."))
			e.D360.AddTemplate(D360Key, simpleTemplate("old_offer", "approved", "This offer ends soon."))
			e.D360.AddTemplate(D360Key, simpleTemplate("winter_sale", "approved", "Our winter sale starts today."))
			if err := e.App.Templates.SyncNow(ctx, e.ClientID, e.AccountID); err != nil {
				t.Fatal(err)
			}
			waitCodes(t, e, "order_ready.es", "order_ready.en", "old_offer.en", "winter_sale.en")

			for _, tpl := range e.CRM.Templates(e.ChannelID) {
				if tpl.Code != "order_ready.es" {
					continue
				}
				b := tpl.Body
				buttons, _ := b["buttons"].(map[string]any)["items"].([]any)
				if tpl.Name != "order_ready" || b["body"] != "Hola {{1}}, tu pedido {{2}} está listo para recoger." ||
					b["lang"] != "es" || b["category"] != "utility" || b["verification_status"] != "approved" ||
					len(buttons) != 1 || buttons[0].(map[string]any)["url"] != "https://shop.example/o/{{1}}" {
					t.Errorf("order_ready.es in the CRM: %v", b)
				}
			}

			// Approved later: appears at the next periodic sync.
			e.D360.SetTemplateStatus(D360Key, "spring_sale", "en", "approved", "")
			waitCodes(t, e, "order_ready.es", "order_ready.en", "old_offer.en", "winter_sale.en", "spring_sale.en")

			// Deleted and rejected at 360dialog: gone from the CRM.
			deleteAt360(t, e, "old_offer")
			e.D360.SetTemplateStatus(D360Key, "winter_sale", "en", "rejected", "INVALID_FORMAT")
			waitCodes(t, e, "order_ready.es", "order_ready.en", "spring_sale.en")
			waitFor(t, "the sync result", func() bool {
				s, err := e.App.Templates.SyncStatus(ctx, e.ClientID, e.AccountID)
				return err == nil && s.OK && s.At != nil && s.Approved == 3 && s.Error == ""
			})

			// A template message with variables.
			if _, err := e.D360.CustomerText(D360Key, Customer, "¿Está listo mi pedido?"); err != nil {
				t.Fatal(err)
			}
			if _, err := e.CRM.WaitMessages(ctx, e.ChannelID, 1); err != nil {
				t.Fatal(err)
			}
			_, res, err := e.CRM.OperatorSendTemplate(e.ChannelID, Customer.UserID, sim.TemplateSend{
				Code: "order_ready.es", Content: "Hola Ana, tu pedido A-42 está listo para recoger.",
				Variables: map[string]any{
					"header":  map[string]any{"type": "text", "args": []any{"A-42"}},
					"body":    map[string]any{"args": []any{"Ana", "A-42"}},
					"buttons": []any{map[string]any{"type": "url", "title": "Ver pedido", "args": []any{"A-42"}}},
				}})
			if err != nil || res.Error != nil {
				t.Fatalf("template send: %v %+v", err, res.Error)
			}
			sent, err := e.D360.WaitSent(ctx, D360Key, 1)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]any{"name": "order_ready", "language": map[string]any{"code": "es"}, "components": []any{
				map[string]any{"type": "header", "parameters": []any{map[string]any{"type": "text", "text": "A-42"}}},
				map[string]any{"type": "body", "parameters": []any{
					map[string]any{"type": "text", "text": "Ana"}, map[string]any{"type": "text", "text": "A-42"}}},
				map[string]any{"type": "button", "sub_type": "url", "index": "0",
					"parameters": []any{map[string]any{"type": "text", "text": "A-42"}}},
			}}
			if diff := cmp.Diff(want, sent[0].Body["template"]); diff != "" || sent[0].Body["type"] != "template" {
				t.Errorf("template at 360dialog (-want +got):\n%s", diff)
			}

			// A value missing: refused in the chat, nothing sent.
			_, res, err = e.CRM.OperatorSendTemplate(e.ChannelID, Customer.UserID, sim.TemplateSend{
				Code: "order_ready.en", Content: "Hi Ana", BodyArgs: []string{"Ana"}})
			if err != nil || res.Error == nil ||
				!strings.Contains(res.Error.Message, "variables in its text: 2, values filled in: 1") {
				t.Fatalf("mismatch: %v %+v", err, res.Error)
			}
			if n := len(e.D360.Sent(D360Key)); n != 1 {
				t.Fatalf("%d messages reached 360dialog, want only the first", n)
			}
		})
	}
}

// TestTemplateErrorResyncsAtOnce: with the default 2-hour interval, a send
// that WhatsApp answers with a template error (132015, paused) re-syncs the
// number at once, so the paused template leaves the CRM chat.
func TestTemplateErrorResyncsAtOnce(t *testing.T) {
	t.Parallel()
	e := start(t, store.TestDatabases(t)["sqlite"], Options{Connect: true})
	ctx := context.Background()
	e.D360.AddTemplate(D360Key, simpleTemplate("flash_sale", "approved", "Our flash sale starts now."))
	e.D360.AddTemplate(D360Key, orderReadyEN)
	if err := e.App.Templates.SyncNow(ctx, e.ClientID, e.AccountID); err != nil {
		t.Fatal(err)
	}
	waitCodes(t, e, "flash_sale.en", "order_ready.en")

	e.D360.SetTemplateStatus(D360Key, "flash_sale", "en", "paused", "")
	_, res, err := e.CRM.OperatorSendTemplate(e.ChannelID, Customer.Phone, sim.TemplateSend{Code: "flash_sale.en",
		Content: "Our flash sale starts now."}, sim.ToCustomer(Customer.Phone))
	if err != nil {
		t.Fatal(err)
	}
	if res.Error == nil && !res.Async {
		t.Fatalf("paused template was accepted: %+v", res)
	}
	waitCodes(t, e, "order_ready.en")
}

// TestTemplatesCreatedInTheCRM: a template typed in the CRM chat is checked
// with the template manager's rules and submitted to 360dialog; the reply
// carries its code and review status, and an invalid one lists its issues.
func TestTemplatesCreatedInTheCRM(t *testing.T) {
	t.Parallel()
	e := start(t, store.TestDatabases(t)["sqlite"], Options{Connect: true})
	res, err := e.CRM.PostWebhook(e.ChannelID, "template_create", map[string]any{
		"name": "pickup_reminder", "lang": "es", "category": "utility",
		"body":    "Hola {{1}}, recuerda recoger tu pedido mañana en la tienda.",
		"example": map[string]any{"body": []any{"Ana"}}})
	if err != nil || res.HTTPStatus != http.StatusOK || !strings.Contains(string(res.Body), `"code":"pickup_reminder.es"`) ||
		!strings.Contains(string(res.Body), `"verification_status":"pending"`) {
		t.Fatalf("template_create: %v %d %s", err, res.HTTPStatus, res.Body)
	}
	var found bool
	for _, tpl := range e.D360.Templates(D360Key) {
		found = found || tpl["name"] == "pickup_reminder" && tpl["language"] == "es" && tpl["status"] == "submitted"
	}
	if !found {
		t.Fatalf("not submitted to 360dialog: %v", e.D360.Templates(D360Key))
	}

	res, err = e.CRM.PostWebhook(e.ChannelID, "template_create", map[string]any{
		"name": "Pickup Reminder", "lang": "es", "category": "utility", "body": "{{1}} recoge tu pedido"})
	if err != nil || res.HTTPStatus != http.StatusUnprocessableEntity ||
		!strings.Contains(string(res.Body), "catalog.draft_invalid") || !strings.Contains(string(res.Body), "pickup_reminder") {
		t.Fatalf("invalid template_create: %v %d %s", err, res.HTTPStatus, res.Body)
	}
	if n := len(e.D360.Templates(D360Key)); n != 1 {
		t.Fatalf("an invalid template reached 360dialog: %d templates", n)
	}

	// Rejected at 360dialog, it may be corrected and submitted again.
	e.D360.SetTemplateStatus(D360Key, "pickup_reminder", "es", "rejected", "INVALID_FORMAT")
	res, err = e.CRM.PostWebhook(e.ChannelID, "template_update", map[string]any{"code": "pickup_reminder.es",
		"name": "pickup_reminder", "lang": "es", "category": "utility",
		"body": "Hola {{1}}, tu pedido te espera en la tienda hasta el sábado.", "example": map[string]any{"body": []any{"Ana"}}})
	if err != nil || res.HTTPStatus != http.StatusOK || !strings.Contains(string(res.Body), `"verification_status":"pending"`) {
		t.Fatalf("template_update of a rejected template: %v %d %s", err, res.HTTPStatus, res.Body)
	}
	tpls := e.D360.Templates(D360Key)
	if len(tpls) != 1 || tpls[0]["status"] != "submitted" ||
		!strings.Contains(fmt.Sprint(tpls[0]["components"]), "hasta el sábado") {
		t.Fatalf("re-submitted template at 360dialog: %v", tpls)
	}

	// Approved, it cannot be edited; it stays in the chat as approved.
	e.D360.SetTemplateStatus(D360Key, "pickup_reminder", "es", "approved", "")
	e.D360.AddTemplate(D360Key, map[string]any{"name": "pickup_reminder", "language": "en", "category": "UTILITY",
		"components": []any{map[string]any{"type": "BODY", "text": "Your order is waiting for you in the store."}}})
	if err := e.App.Templates.SyncNow(context.Background(), e.ClientID, e.AccountID); err != nil {
		t.Fatal(err)
	}
	waitCodes(t, e, "pickup_reminder.es", "pickup_reminder.en")
	res, err = e.CRM.PostWebhook(e.ChannelID, "template_update", map[string]any{"code": "pickup_reminder.es",
		"name": "pickup_reminder", "lang": "es", "category": "utility", "body": "Hola {{1}}, ya puedes pasar por la tienda.",
		"example": map[string]any{"body": []any{"Ana"}}})
	if err != nil || res.HTTPStatus != http.StatusConflict || !strings.Contains(string(res.Body), "catalog.update_not_editable") {
		t.Fatalf("template_update of an approved template: %v %d %s", err, res.HTTPStatus, res.Body)
	}

	// Deleted in the chat: gone at 360dialog in every language, and its
	// other language leaves the chat too.
	res, err = e.CRM.PostWebhook(e.ChannelID, "template_delete", map[string]any{"code": "pickup_reminder.en", "lang": "en"})
	if err != nil || res.HTTPStatus != http.StatusOK {
		t.Fatalf("template_delete: %v %d %s", err, res.HTTPStatus, res.Body)
	}
	if n := len(e.D360.Templates(D360Key)); n != 0 {
		t.Fatalf("%d templates left at 360dialog", n)
	}
	if codes := crmCodes(e); slices.Contains(codes, "pickup_reminder.es") {
		t.Fatalf("the other language stayed in the chat: %v", codes)
	}
}
