package sandbox

import (
	"net/http"
	"slices"
)

// rejectionReasons are Meta's template rejection reasons the page offers.
var rejectionReasons = []string{"INVALID_FORMAT", "INCORRECT_CATEGORY", "ABUSIVE_CONTENT", "SCAM", "TAG_CONTENT_MISMATCH"}

// controlTemplateIn is Meta's review decision on a waiting template.
type controlTemplateIn struct {
	Name     string `json:"name"`
	Language string `json:"language"`
	Status   string `json:"status"` // approved or rejected
	Reason   string `json:"reason"` // for rejected; default INVALID_FORMAT
}

// handleControlTemplate approves or rejects a template waiting for review at
// 360dialog, as Meta's review would; the module loads approved templates
// into the CRM chat at its next template sync.
func (p *page) handleControlTemplate(w http.ResponseWriter, r *http.Request) {
	var in controlTemplateIn
	if err := decode(w, r, &in); err != nil {
		writeError(w, err)
		return
	}
	switch in.Status {
	case "approved":
		in.Reason = ""
	case "rejected":
		if in.Reason == "" {
			in.Reason = rejectionReasons[0]
		}
		if !slices.Contains(rejectionReasons, in.Reason) {
			writeError(w, bad("reason must be one of %v", rejectionReasons))
			return
		}
	default:
		writeError(w, bad(`status must be "approved" or "rejected"`))
		return
	}
	waiting := false
	for _, t := range waTemplates(p.e.D360.Templates(D360Key)) {
		waiting = waiting || t.Name == in.Name && t.Language == in.Language && t.Pending
	}
	if !waiting {
		writeError(w, bad("no template %q in %q is waiting for review", in.Name, in.Language))
		return
	}
	p.e.D360.SetTemplateStatus(D360Key, in.Name, in.Language, in.Status, in.Reason)
	ok(w, nil)
}
