package relay

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"waba-transport/internal/dialog360"
)

// maxChatID is MessageGateway's limit for external chat and customer ids.
const maxChatID = 64

// shortPrefix marks a chat key that stands for a longer WhatsApp id.
const shortPrefix = "u."

// chatKey is the customer's stable key in MessageGateway: the BSUID when
// WhatsApp gives one (it survives a change of phone number), else the phone;
// an id longer than MessageGateway allows is replaced by a stable short key.
func chatKey(userID, phone string, c *dialog360.Contact) string {
	return shortChat(fullChat(userID, phone, c))
}

// fullChat is the WhatsApp id a reply is addressed to.
func fullChat(userID, phone string, c *dialog360.Contact) string {
	switch {
	case userID != "":
		return userID
	case c != nil && c.UserID != "":
		return c.UserID
	case phone != "":
		return phone
	case c != nil:
		return c.WaID
	}
	return ""
}

func shortChat(id string) string {
	if len(id) <= maxChatID {
		return id
	}
	sum := sha256.Sum256([]byte(id))
	return shortPrefix + hex.EncodeToString(sum[:])[:maxChatID-len(shortPrefix)]
}

// resolveChat turns a chat key back into the WhatsApp id to write to.
func (r *Relay) resolveChat(ctx context.Context, accountID int64, chat string) (string, error) {
	if !strings.HasPrefix(chat, shortPrefix) {
		return chat, nil
	}
	return r.st.ChatRecipient(ctx, accountID, chat)
}
