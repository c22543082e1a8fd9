package template

import "strings"

// StatusColor maps a template review status, in any case (360dialog sends
// lower case, Meta upper case), to the colour name the pages use for its
// badge: "grey" for draft and anything unknown (created, deleted, archived,
// pending_deletion...), "yellow" while a decision is awaited (submitted,
// pending, in_appeal), "green" for approved, "red" for rejected, "orange"
// for paused (Meta paused it for low quality; it may come back), and
// "red-dark" for disabled (Meta disabled it for good; it cannot be used
// again), so the two bad states read differently at a glance.
func StatusColor(status string) string {
	switch strings.ToLower(strings.TrimSpace(status)) {
	case "submitted", "pending", "in_appeal":
		return "yellow"
	case "approved":
		return "green"
	case "rejected":
		return "red"
	case "paused":
		return "orange"
	case "disabled":
		return "red-dark"
	default: // "draft" and statuses this module does not know
		return "grey"
	}
}
