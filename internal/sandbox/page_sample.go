package sandbox

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
)

// sampleImage draws the built-in picture the customer or the operator can
// send with one click (a landscape, so that it reads as a photo in both
// chats). It is drawn rather than stored so the repository holds no binary.
func sampleImage() []byte {
	const w, h = 480, 320
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, samplePixel(float64(x), float64(y), h))
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		panic(err) // encoding an in-memory RGBA image cannot fail
	}
	return buf.Bytes()
}

// samplePixel is the colour of one point: sky, sun, two hills.
func samplePixel(x, y float64, h int) color.RGBA {
	hill1 := 210 + 30*math.Sin(x/70)
	hill2 := 250 + 20*math.Sin(x/45+2)
	switch {
	case y > hill2:
		return color.RGBA{R: 46, G: 125, B: 50, A: 255}
	case y > hill1:
		return color.RGBA{R: 102, G: 187, B: 106, A: 255}
	case math.Hypot(x-360, y-90) < 42:
		return color.RGBA{R: 255, G: 202, B: 40, A: 255}
	}
	t := y / float64(h)
	return color.RGBA{R: uint8(120 + 100*t), G: uint8(180 + 50*t), B: 245, A: 255}
}

// seedTemplates gives the simulated 360dialog number the templates a first
// look needs: two approved ones with variables and quick-reply buttons (which
// the module loads into the CRM chat) and one waiting for review, which the
// page's controls approve or reject.
func seedTemplates(e *Env) {
	for _, t := range sampleTemplates() {
		e.D360.AddTemplate(D360Key, t)
	}
}

// sampleTemplates are the templates seedTemplates adds.
func sampleTemplates() []map[string]any {
	return []map[string]any{
		{"name": "order_ready", "language": "en", "category": "UTILITY", "status": "approved",
			"components": []any{
				map[string]any{"type": "HEADER", "format": "TEXT", "text": "Your order is ready"},
				map[string]any{"type": "BODY", "text": "Hello {{1}}, your order {{2}} is ready for pickup at {{3}}.",
					"example": map[string]any{"body_text": []any{[]any{"Ana", "#1042", "Calle Mayor 5"}}}},
				map[string]any{"type": "FOOTER", "text": "Sandbox shop"},
				map[string]any{"type": "BUTTONS", "buttons": []any{
					map[string]any{"type": "QUICK_REPLY", "text": "I'll come today"},
					map[string]any{"type": "QUICK_REPLY", "text": "Deliver it, please"},
				}},
			}},
		{"name": "appointment_reminder", "language": "es", "category": "UTILITY", "status": "approved",
			"components": []any{
				map[string]any{"type": "BODY", "text": "Hola {{1}}, le recordamos su cita el {{2}}.",
					"example": map[string]any{"body_text": []any{[]any{"Ana", "martes a las 10:00"}}}},
				map[string]any{"type": "BUTTONS", "buttons": []any{
					map[string]any{"type": "QUICK_REPLY", "text": "Confirmar"},
					map[string]any{"type": "QUICK_REPLY", "text": "Cambiar la cita"},
				}},
			}},
		sampleTemplate("spring_sale"),
	}
}

// sampleTemplate is a marketing template as a merchant would submit it:
// waiting for Meta's review.
func sampleTemplate(name string) map[string]any {
	return map[string]any{"name": name, "language": "en", "category": "MARKETING", "status": "submitted",
		"components": []any{
			map[string]any{"type": "BODY", "text": "Hi {{1}}, this week everything in {{2}} is 20% off.",
				"example": map[string]any{"body_text": []any{[]any{"Ana", "shoes"}}}},
			map[string]any{"type": "BUTTONS", "buttons": []any{
				map[string]any{"type": "QUICK_REPLY", "text": "Show me"},
				map[string]any{"type": "QUICK_REPLY", "text": "Stop promotions"},
			}},
		}}
}

// nextSampleName names the n-th template submitted from the page.
func nextSampleName(n int) string { return fmt.Sprintf("weekly_offer_%d", n) }
