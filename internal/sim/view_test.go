package sim

import (
	"io"
	"net/http"
	"testing"
	"time"
)

func TestD360View(t *testing.T) {
	t.Parallel()
	b := setupD360(t)
	b.register(t)

	id := b.sim.AddMedia(testKey, []byte("\x89PNG photo"), "image/png")
	if m, ok := b.sim.Media(testKey, id); !ok || string(m.Data) != "\x89PNG photo" || m.MIME != "image/png" {
		t.Errorf("Media(%s) = %+v, %v", id, m, ok)
	}
	if _, ok := b.sim.Media(testKey, "404"); ok {
		t.Error("Media of an unknown id was found")
	}
	if _, ok := b.sim.Media("other-key", id); ok {
		t.Error("Media of another number's key was found")
	}

	b.sim.FailNextSends(testKey, 2, 131026)
	b.sim.RejectNextSends(testKey, 1, http.StatusBadRequest, 131000)
	if f, r := b.sim.PendingFailures(testKey); f != 2 || r != 1 {
		t.Fatalf("PendingFailures = %d, %d; want 2, 1", f, r)
	}
	// The refusal comes first and uses up only itself.
	st, _ := call(t, "POST", b.url+"/messages", b.key(), map[string]any{
		"messaging_product": "whatsapp", "to": "34600111222", "type": "text", "text": map[string]any{"body": "Hola"}})
	if st != http.StatusBadRequest {
		t.Fatalf("injected refusal answered %d", st)
	}
	if f, r := b.sim.PendingFailures(testKey); f != 2 || r != 0 {
		t.Errorf("after the refusal PendingFailures = %d, %d; want 2, 0", f, r)
	}
	failed := b.send(t)
	if got := b.sim.FailCode(testKey, failed); got != 131026 {
		t.Errorf("FailCode of an injected failure = %d, want 131026", got)
	}
	if f, _ := b.sim.PendingFailures(testKey); f != 1 {
		t.Errorf("failures left = %d, want 1", f)
	}
	b.send(t) // uses the last failure
	ok := b.send(t)
	if got := b.sim.FailCode(testKey, ok); got != 0 {
		t.Errorf("FailCode of a normal send = %d, want 0", got)
	}
	if got := b.sim.FailCode(testKey, "wamid.unknown"); got != 0 {
		t.Errorf("FailCode of an unknown wamid = %d", got)
	}

	if got := b.sim.StatusModeOf(testKey); got != StatusNormal {
		t.Errorf("default mode %q", got)
	}
	b.sim.SetStatusMode(testKey, StatusOutOfOrder)
	if got := b.sim.StatusModeOf(testKey); got != StatusOutOfOrder {
		t.Errorf("mode %q, want %q", got, StatusOutOfOrder)
	}
	if got := b.sim.StatusModeOf("other-key"); got != "" {
		t.Errorf("mode of an unknown key %q", got)
	}
	b.sim.SetWebhookDelay(3 * time.Second)
	if got := b.sim.WebhookDelay(); got != 3*time.Second {
		t.Errorf("WebhookDelay = %s", got)
	}
	b.sim.SetWebhookDelay(-time.Second)
	if got := b.sim.WebhookDelay(); got != 0 {
		t.Errorf("negative delay kept as %s", got)
	}
}

func TestCRMView(t *testing.T) {
	t.Parallel()
	b := setupCRM(t)
	b.activate(t)
	if b.sim.IsDown() {
		t.Fatal("a new CRM is down")
	}
	b.sim.SetDown(true)
	if !b.sim.IsDown() {
		t.Error("IsDown after SetDown(true) is false")
	}
	b.sim.SetDown(false)
	if b.sim.IsDown() {
		t.Error("IsDown after SetDown(false) is true")
	}

	st, up := callRaw(t, "POST", b.url+"/mg/api/transport/v1/files/upload",
		map[string]string{"X-Transport-Token": b.token, "Content-Type": "image/png"}, []byte("\x89PNG raw"))
	if st != 200 {
		t.Fatalf("upload: %d %s", st, up)
	}
	id := parse(t, up)["id"].(string)
	link, ok := b.sim.FileURL(id)
	if !ok {
		t.Fatal("FileURL of an uploaded file not found")
	}
	// The link is the one the transport API hands out, and it downloads the file.
	_, meta := b.mg(t, "GET", "/files/"+id, nil)
	if meta["url"] != link {
		t.Errorf("FileURL = %s, GET /files/{id} gives %v", link, meta["url"])
	}
	resp, err := http.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(data) != "\x89PNG raw" {
		t.Errorf("download: %d %q", resp.StatusCode, data)
	}
	if _, ok := b.sim.FileURL("no-such-file"); ok {
		t.Error("FileURL of an unknown file found")
	}
}
