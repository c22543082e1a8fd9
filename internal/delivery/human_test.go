package delivery

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"waba-transport/internal/locale"
)

var update = flag.Bool("update", false, "rewrite testdata golden files")

// TestHumanGolden keeps every operator-facing sentence, in every language, in
// testdata/human.json, so wording changes are reviewed as a diff.
func TestHumanGolden(t *testing.T) {
	t.Parallel()
	cat, err := locale.Load()
	if err != nil {
		t.Fatal(err)
	}
	codes := append(append([]int{}, listedCodes...), 0, 987654)
	got := map[string]map[string]string{}
	for _, lang := range locale.Supported {
		got[lang] = map[string]string{}
		for _, code := range codes {
			text := Human(cat, lang, code, "")
			got[lang][strconv.Itoa(code)] = text
			if code != 0 && !strings.Contains(text, strconv.Itoa(code)) {
				t.Errorf("%s: Human(%d) does not name the code: %q", lang, code, text)
			}
			if strings.Contains(text, "delivery.") || strings.Contains(text, "<no value>") || strings.Contains(text, "{{") {
				t.Errorf("%s: Human(%d) is not fully translated: %q", lang, code, text)
			}
		}
	}
	path := filepath.Join("testdata", "human.json")
	if *update {
		b, err := json.MarshalIndent(got, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	var want map[string]map[string]string
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Human texts changed (-golden +got); run go test -update if intended:\n%s", diff)
	}
}

func TestHumanExamples(t *testing.T) {
	t.Parallel()
	cat, err := locale.Load()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		lang, details string
		code          int
		want          string
	}{
		{"en", "", 131047, "Not delivered (WhatsApp error 131047): more than 24 hours have passed since the customer " +
			"last wrote, so WhatsApp only accepts an approved template; send a template instead."},
		{"ru", "", 131047, "Не доставлено (ошибка WhatsApp 131047): с последнего сообщения клиента прошло больше 24 " +
			"часов, и WhatsApp принимает только одобренный шаблон; отправьте шаблон."},
		{"en", "", 401, "Not delivered (360dialog error 401): the 360dialog API key of this account is no longer " +
			"valid (it may have been replaced). Enter the new key in the module's settings, then send the message again."},
		{"es", "  Parameter\n value   is not valid  ", 131009, "No entregado (error de WhatsApp 131009): WhatsApp " +
			"rechazó el mensaje por estar incompleto o no ser válido. Revise el texto, los botones y los adjuntos y " +
			"vuelva a enviarlo; si sigue fallando, contacte con el soporte del módulo. Detalles: Parameter value is not valid"},
		{"pt", "", 0, "Não entregue: não foi possível entregar a mensagem ao WhatsApp (a 360dialog não respondeu ou " +
			"respondeu com um erro). Envie novamente em alguns minutos; se continuar falhando, fale com o suporte."},
		{"de", "", 131026, Human(cat, "en", 131026, "")}, // unsupported language: English
	}
	for _, tc := range cases {
		if got := Human(cat, tc.lang, tc.code, tc.details); got != tc.want {
			t.Errorf("Human(%s, %d, %q) =\n%q\nwant\n%q", tc.lang, tc.code, tc.details, got, tc.want)
		}
	}
}

func TestHumanCutsLongDetails(t *testing.T) {
	t.Parallel()
	cat, err := locale.Load()
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("é", 1000)
	got := Human(cat, "en", 131000, long)
	if !strings.HasSuffix(got, "Details: "+strings.Repeat("é", maxDetails)+"…") {
		t.Errorf("long details not cut to %d characters: %q", maxDetails, got)
	}
}
