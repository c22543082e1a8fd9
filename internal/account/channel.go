package account

import "waba-transport/internal/mg"

// WhatsApp limits the channel declares (Meta's documented values).
const (
	maxTextChars    = 4096      // text body
	maxCaptionChars = 1024      // media caption
	maxImageBytes   = 5 << 20   // jpeg/png
	maxFileBytes    = 100 << 20 // documents
	maxAudioBytes   = 16 << 20  // aac/amr/mp3/m4a/ogg-opus
	maxReactions    = 1         // one reaction per message and person
	reactionSet     = "👍❤️😂😮😢🙏" // WhatsApp's quick reactions
)

// whatsappChannel is the channel the module activates in MessageGateway. Its
// settings say only what the module really does: WhatsApp cannot edit or
// delete a sent message, so editing and deleting are "none"; free text to a
// new customer or after the 24-hour window needs a template.
func whatsappChannel(name, ref string) mg.Channel {
	caption := uint16(maxCaptionChars)
	return mg.Channel{
		Type:       "whatsapp",
		Name:       name,
		ExternalID: ref,
		Settings: mg.ChannelSettings{
			// MessageGateway documents no "delivered" call (see mg.Client.MarkDelivered), so
			// the module claims only what it reports: read, via /messages/read.
			Status: mg.StatusSettings{Delivered: mg.FeatureNone, Read: mg.FeatureBoth},
			Text: mg.TextSettings{Creating: mg.FeatureBoth, Editing: mg.FeatureNone, Quoting: mg.FeatureBoth,
				Deleting: mg.FeatureNone, Reaction: mg.FeatureBoth, MaxCharsCount: maxTextChars,
				MarkupFormats: []string{"bold", "italic", "strikethrough", "inline_monospace", "block_monospace"}},
			Image: mg.MediaSettings{Creating: mg.FeatureBoth, Editing: mg.FeatureNone, Quoting: mg.FeatureBoth,
				Deleting: mg.FeatureNone, Reaction: mg.FeatureBoth, MaxItemsCount: 1, NoteMaxCharsCount: &caption,
				MaxItemSize: maxImageBytes},
			File: mg.MediaSettings{Creating: mg.FeatureBoth, Editing: mg.FeatureNone, Quoting: mg.FeatureBoth,
				Deleting: mg.FeatureNone, Reaction: mg.FeatureBoth, MaxItemsCount: 1, NoteMaxCharsCount: &caption,
				MaxItemSize: maxFileBytes},
			Audio: mg.AudioSettings{Creating: mg.FeatureBoth, Quoting: mg.FeatureBoth, Deleting: mg.FeatureNone,
				Reaction: mg.FeatureBoth, MaxItemsCount: 1, MaxItemSize: maxAudioBytes},
			Reactions:          mg.ReactionSettings{Dictionary: splitEmoji(reactionSet), MaxCount: maxReactions},
			CustomerExternalID: mg.CustomerExternalIDAny,
			SendingPolicy:      mg.SendingPolicy{NewCustomer: "template", AfterReplyTimeout: "template", Outgoing: "allowed"},
			// Templates made in the CRM chat are validated and submitted to 360dialog (package catalog).
			Template: mg.TemplateSettings{Creation: true},
		},
	}
}

// splitEmoji splits a run of emoji, keeping variation selectors with their base.
func splitEmoji(s string) []string {
	var out []string
	for _, r := range s {
		if r == '\uFE0F' && len(out) > 0 {
			out[len(out)-1] += string(r)
			continue
		}
		out = append(out, string(r))
	}
	return out
}
