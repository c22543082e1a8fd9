package sandbox

import "net/http"

// handleControlSample submits a new sample template for review at 360dialog,
// so the template lifecycle can be watched again (body: {}).
func (p *page) handleControlSample(w http.ResponseWriter, r *http.Request) {
	var in struct{}
	if err := decode(w, r, &in); err != nil {
		writeError(w, err)
		return
	}
	p.mu.Lock()
	p.samples++
	name := nextSampleName(p.samples)
	p.mu.Unlock()
	p.e.D360.AddTemplate(D360Key, sampleTemplate(name))
	ok(w, map[string]string{"name": name, "language": "en"})
}
