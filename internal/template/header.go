package template

import (
	"net/url"
	"strings"
)

func checkHeader(is *issues, h *Header, format string) {
	if h == nil {
		return
	}
	switch h.Format {
	case HeaderText:
		checkHeaderText(is, h, format)
	case HeaderImage, HeaderVideo, HeaderDocument:
		const field = "header.media_url"
		switch {
		case h.MediaURL == "" && h.MediaHandle == "":
			is.add(field, keyHeaderMedia)
		case h.MediaURL != "" && !webURL(h.MediaURL):
			is.add(field, keyHeaderMediaURL)
		}
	case HeaderLocation:
		// Nothing to sample: the location is given when the template is sent.
	default:
		is.add("header.format", keyHeaderFormat, "Value", h.Format,
			"Allowed", strings.Join([]string{HeaderText, HeaderImage, HeaderVideo, HeaderDocument, HeaderLocation}, ", "))
	}
}

func checkHeaderText(is *issues, h *Header, format string) {
	const field = "header.text"
	if strings.TrimSpace(h.Text) == "" {
		is.add(field, keyHeaderText)
		return
	}
	if n := runes(h.Text); n > maxHeaderText {
		is.add(field, keyHeaderTooLong, "Max", maxHeaderText, "Length", n)
	}
	vars := checkVars(is, field, h.Text, format)
	if len(vars) > 1 {
		is.add(field, keyHeaderVars, "Found", len(vars))
	}
	if len(vars) > 0 {
		checkExample(is, "header.example", vars[0].String(), h.Example)
	}
}

// webURL reports whether s is an absolute http(s) URL with a host; sample
// media must be fetchable by 360dialog.
func webURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

func checkFooter(is *issues, footer string) {
	if footer == "" {
		return
	}
	if n := runes(footer); n > maxFooter {
		is.add("footer", keyFooterTooLong, "Max", maxFooter, "Length", n)
	}
	if vars, bad := Variables(footer); len(vars) > 0 || len(bad) > 0 {
		is.add("footer", keyFooterVars)
	}
}
