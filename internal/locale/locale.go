// Package locale translates message keys into Spanish, English, Russian and
// Portuguese. Messages live in embedded JSON files named AREA.LANG.json (one
// area per package that owns its wording, e.g. web.en.json, template.ru.json),
// so several packages can add messages without touching each other's files.
//
// A file is a flat JSON object: key -> message. A message may be a string or,
// for counts, an object with CLDR plural forms ("one", "few", "many", "other").
// Arguments are written {{.Name}} (text/template syntax, as go-i18n uses).
package locale

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

//go:embed messages/*.json
var messageFS embed.FS

// Supported lists the page languages, default first.
var Supported = []string{"en", "es", "ru", "pt"}

// Catalog holds every message in every supported language.
type Catalog struct {
	bundle *i18n.Bundle
	keys   map[string]map[string]bool // lang -> key -> present
}

// Load reads the embedded message files. It fails when a key exists in one
// language but not in another, so a missing translation is a test failure.
func Load() (*Catalog, error) { return LoadFS(messageFS, "messages") }

// LoadFS reads message files from dir in fsys (tests use their own).
func LoadFS(fsys fs.FS, dir string) (*Catalog, error) {
	b := i18n.NewBundle(language.English)
	c := &Catalog{bundle: b, keys: map[string]map[string]bool{}}
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("locale: read %s: %w", dir, err)
	}
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".json") {
			continue
		}
		parts := strings.Split(strings.TrimSuffix(name, ".json"), ".")
		lang := parts[len(parts)-1]
		data, err := fs.ReadFile(fsys, path.Join(dir, name))
		if err != nil {
			return nil, fmt.Errorf("locale: read %s: %w", name, err)
		}
		// go-i18n takes the language from the file name's last segment.
		mf, err := b.ParseMessageFileBytes(data, lang+".json")
		if err != nil {
			return nil, fmt.Errorf("locale: parse %s: %w", name, err)
		}
		if c.keys[lang] == nil {
			c.keys[lang] = map[string]bool{}
		}
		for _, m := range mf.Messages {
			c.keys[lang][m.ID] = true
		}
	}
	if err := c.checkComplete(); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *Catalog) checkComplete() error {
	var missing []string
	for _, lang := range Supported {
		for _, other := range Supported {
			for k := range c.keys[other] {
				if !c.keys[lang][k] {
					missing = append(missing, lang+":"+k)
				}
			}
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("locale: missing translations: %s", strings.Join(dedupe(missing), ", "))
	}
	return nil
}

func dedupe(s []string) []string {
	seen := map[string]bool{}
	out := s[:0]
	for _, v := range s {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// Has reports whether key exists (in English, hence in all languages).
func (c *Catalog) Has(key string) bool { return c.keys["en"][key] }

// T translates key into lang with args. A count argument named "Count" selects
// the plural form. An unknown key is returned as is, so a bug shows, not hides.
func (c *Catalog) T(lang, key string, args map[string]any) string {
	loc := i18n.NewLocalizer(c.bundle, Match(lang))
	cfg := &i18n.LocalizeConfig{MessageID: key, TemplateData: args}
	if n, ok := args["Count"]; ok {
		cfg.PluralCount = n
	}
	s, err := loc.Localize(cfg)
	if err != nil && cfg.PluralCount != nil {
		// A plain message that merely mentions a count has no plural forms.
		cfg.PluralCount = nil
		s, err = loc.Localize(cfg)
	}
	if err != nil {
		return key
	}
	return s
}

// Match picks the supported language that best fits an Accept-Language value
// or a language code like "pt-BR"; English when nothing fits.
func Match(accept string) string {
	tags, _, err := language.ParseAcceptLanguage(accept)
	if err != nil || len(tags) == 0 {
		return Supported[0]
	}
	for _, t := range tags {
		base, _ := t.Base()
		for _, s := range Supported {
			if base.String() == s {
				return s
			}
		}
	}
	return Supported[0]
}

// Valid reports whether lang is one of the supported languages.
func Valid(lang string) bool {
	for _, s := range Supported {
		if s == lang {
			return true
		}
	}
	return false
}
