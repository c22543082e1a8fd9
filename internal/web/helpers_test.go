package web

import (
	"bytes"
	"encoding/json"
	"flag"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"waba-transport/internal/locale"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// fakeMessages are the keys of other areas (common, crm, dialog360) that the
// tests use, each with a different text per language so a test can tell
// which language was chosen. Their real wording belongs to other packages.
var fakeMessages = map[string]map[string]string{
	"en": {
		"error.internal":          "Internal trouble.",
		"error.bad_json":          "Bad JSON: {{.Detail}}",
		"error.too_large":         "Too large.",
		"error.not_found":         "Not found.",
		"crm.key_invalid":         "The CRM key is wrong.",
		"dialog360.key_invalid":   "The 360dialog key is wrong.",
		"webhook.bad_secret":      "Wrong secret.",
		"account.not_found":       "No such number here.",
		"relay.message_not_found": "No such message.",
		"relay.replay_range":      "Wrong range.",
		"error.unauthorized":      "Unknown connection.",
	},
	"es": {
		"error.internal":          "Problema interno.",
		"error.bad_json":          "JSON incorrecto: {{.Detail}}",
		"error.too_large":         "Demasiado grande.",
		"error.not_found":         "No encontrado.",
		"crm.key_invalid":         "La clave del CRM es incorrecta.",
		"dialog360.key_invalid":   "La clave de 360dialog es incorrecta.",
		"webhook.bad_secret":      "Secreto incorrecto.",
		"account.not_found":       "Aquí no hay tal número.",
		"relay.message_not_found": "No existe ese mensaje.",
		"relay.replay_range":      "Intervalo incorrecto.",
		"error.unauthorized":      "Conexión desconocida.",
	},
	"ru": {
		"error.internal":          "Внутренняя проблема.",
		"error.bad_json":          "Неверный JSON: {{.Detail}}",
		"error.too_large":         "Слишком большой.",
		"error.not_found":         "Не найдено.",
		"crm.key_invalid":         "Неверный ключ CRM.",
		"dialog360.key_invalid":   "Неверный ключ 360dialog.",
		"webhook.bad_secret":      "Неверный секрет.",
		"account.not_found":       "Такого номера здесь нет.",
		"relay.message_not_found": "Такого сообщения нет.",
		"relay.replay_range":      "Неверный промежуток.",
		"error.unauthorized":      "Неизвестное подключение.",
	},
	"pt": {
		"error.internal":          "Problema interno (pt).",
		"error.bad_json":          "JSON inválido: {{.Detail}}",
		"error.too_large":         "Grande demais.",
		"error.not_found":         "Não encontrado.",
		"crm.key_invalid":         "A chave do CRM está errada.",
		"dialog360.key_invalid":   "A chave da 360dialog está errada.",
		"webhook.bad_secret":      "Segredo errado.",
		"account.not_found":       "Não existe esse número aqui.",
		"relay.message_not_found": "Não existe essa mensagem.",
		"relay.replay_range":      "Intervalo errado.",
		"error.unauthorized":      "Conexão desconhecida.",
	},
}

// testCatalog loads this package's real web.*.json files plus fakeMessages.
func testCatalog(t testing.TB) *locale.Catalog {
	t.Helper()
	fsys := fstest.MapFS{}
	for _, lang := range locale.Supported {
		name := "web." + lang + ".json"
		b, err := os.ReadFile(filepath.Join("..", "locale", "messages", name))
		if err != nil {
			t.Fatal(err)
		}
		fsys["m/"+name] = &fstest.MapFile{Data: b}
		fake, err := json.Marshal(fakeMessages[lang])
		if err != nil {
			t.Fatal(err)
		}
		fsys["m/fake."+lang+".json"] = &fstest.MapFile{Data: fake}
	}
	c, err := locale.LoadFS(fsys, "m")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// lockedBuffer collects log output from concurrent requests.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// testBundle is one server with its fakes and captured logs.
type testBundle struct {
	accounts *fakeAccounts
	inbound  *fakeInbound
	mg       *fakeMG
	logs     *lockedBuffer
	deps     Deps
	handler  http.Handler
}

// setup builds a server over fresh fakes; edit changes the Deps first.
func setup(t testing.TB, edit ...func(*Deps)) *testBundle {
	t.Helper()
	b := &testBundle{accounts: &fakeAccounts{}, inbound: &fakeInbound{}, mg: &fakeMG{}, logs: &lockedBuffer{}}
	b.deps = Deps{
		Logger:    slog.New(slog.NewJSONHandler(b.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Catalog:   testCatalog(t),
		PublicURL: "http://waba.test",
		Accounts:  b.accounts,
		Inbound:   b.inbound,
		MG:        b.mg,
	}
	for _, e := range edit {
		e(&b.deps)
	}
	b.handler = NewServer(b.deps)
	return b
}

// do sends a request; headers are name, value pairs.
func (b *testBundle) do(method, target, body string, headers ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, target, strings.NewReader(body))
	r.Host = "waba.test"
	for i := 0; i+1 < len(headers); i += 2 {
		r.Header.Set(headers[i], headers[i+1])
	}
	w := httptest.NewRecorder()
	b.handler.ServeHTTP(w, r)
	return w
}

// post sends a form from one of our own pages, as a browser does.
func (b *testBundle) post(target, form string, headers ...string) *httptest.ResponseRecorder {
	h := append([]string{"Content-Type", "application/x-www-form-urlencoded", "Sec-Fetch-Site", "same-origin", "Origin", "http://waba.test"}, headers...)
	return b.do(http.MethodPost, target, form, h...)
}

// wantStatus fails the test when the status differs, showing the body.
func wantStatus(t *testing.T, w *httptest.ResponseRecorder, want int) {
	t.Helper()
	if w.Code != want {
		t.Fatalf("status = %d, want %d; body:\n%s", w.Code, want, w.Body.String())
	}
}

// decodeBody parses a JSON body into any.
func decodeBody(t *testing.T, body io.Reader) any {
	t.Helper()
	var v any
	if err := json.NewDecoder(body).Decode(&v); err != nil {
		t.Fatalf("body is not JSON: %v", err)
	}
	return v
}

// golden compares a JSON body with testdata/name (as parsed JSON), or
// rewrites the file with -update.
func golden(t *testing.T, name string, body []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		var v any
		if err := json.Unmarshal(body, &v); err != nil {
			t.Fatalf("body is not JSON: %v", err)
		}
		out, _ := json.MarshalIndent(v, "", "  ")
		if err := os.WriteFile(path, append(out, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	got := decodeBody(t, bytes.NewReader(body))
	if diff := cmp.Diff(decodeBody(t, bytes.NewReader(want)), got); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", name, diff)
	}
}

// errorJSON is the parsed error body of CONTRACT.md.
type errorJSON struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

func parseError(t *testing.T, w *httptest.ResponseRecorder) errorJSON {
	t.Helper()
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("Content-Type = %q, want JSON; body:\n%s", ct, w.Body.String())
	}
	var e errorJSON
	if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil {
		t.Fatalf("error body: %v\n%s", err, w.Body.String())
	}
	return e
}
