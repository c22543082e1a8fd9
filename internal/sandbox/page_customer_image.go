package sandbox

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"
)

// maxImage is WhatsApp's limit for an image.
const maxImage = 5 << 20

// handleCustomerImage makes the customer send a picture: a chosen file
// (multipart field "file") or the built-in sample ("sample"=1), with an
// optional "caption". The file goes into the simulated 360dialog's media
// store, from where the module downloads it, as from Meta.
func (p *page) handleCustomerImage(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxImage+64<<10)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		writeError(w, bad("expected a multipart/form-data body with a file or sample=1 (at most 5 MB)"))
		return
	}
	data, err := imageOf(r)
	if err != nil {
		writeError(w, err)
		return
	}
	caption := strings.TrimSpace(r.FormValue("caption"))
	if utf8.RuneCountInString(caption) > 1024 {
		writeError(w, bad("caption is at most 1024 characters"))
		return
	}
	hours := 0.0
	if s := r.FormValue("age_hours"); s != "" {
		if hours, err = strconv.ParseFloat(s, 64); err != nil {
			writeError(w, bad("age_hours must be a number"))
			return
		}
	}
	a, err := age(hours)
	if err != nil {
		writeError(w, err)
		return
	}
	mime := http.DetectContentType(data)
	img := map[string]any{"id": p.e.D360.AddMedia(D360Key, data, mime)}
	if caption != "" {
		img["caption"] = caption
	}
	ok(w, p.customerSend(map[string]any{"type": "image", "image": img}, a))
}

// imageOf reads the uploaded picture, or draws the sample.
func imageOf(r *http.Request) ([]byte, error) {
	f, _, err := r.FormFile("file")
	switch {
	case errors.Is(err, http.ErrMissingFile) && r.FormValue("sample") == "1":
		return sampleImage(), nil
	case err != nil:
		return nil, bad("a file or sample=1 is required")
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxImage+1))
	switch {
	case err != nil:
		return nil, bad("could not read the file: %v", err)
	case len(data) == 0 || len(data) > maxImage:
		return nil, bad("the image must be 1 byte to 5 MB")
	}
	if mt := http.DetectContentType(data); mt != "image/jpeg" && mt != "image/png" {
		return nil, bad("WhatsApp images are JPEG or PNG; this file is %s", mt)
	}
	return data, nil
}
