// Package template is the one place that decides whether a WhatsApp message
// template draft may be submitted to 360dialog. The settings pages call
// Validate as the merchant types, the JSON API calls it before creating a
// template, and template webhooks from the CRM call it before forwarding, so
// all three show the same issues in the same words.
//
// Validate never stops at the first problem: it returns every Issue it finds,
// each naming the field (a JSON path into Draft such as "body.text" or
// "buttons[1].text", button indexes counted from 0) and a locale key in the
// "template" area (internal/locale/messages/template.LANG.json) whose message
// tells the merchant what to change. Issue.Args fill the message.
//
// Rules, with the choices this package makes where Meta is vague:
//
//   - name: required, ^[a-z0-9_]+$, at most 512 characters. Names are not
//     lower-cased by Normalize (a name is an identifier the merchant chose);
//     the issue suggests the fixed form instead.
//   - category: MARKETING, UTILITY or AUTHENTICATION, any case. Meta gives
//     AUTHENTICATION templates a fixed body and a one-time-password button that
//     Draft cannot express; such drafts get the same checks as the others and
//     Meta may still reject them.
//   - language: one of Meta's supported template language codes (Languages);
//     "en-us" is normalized to "en_US".
//   - kind: "basic" templates have a body only; "media" ("media and
//     interactive") templates may add a header, a footer and buttons.
//   - lengths are counted in Unicode code points: body 1024, header text 60,
//     footer 60, button text 25, URL 2000, phone 20, copy code 15 (360dialog's
//     coupon-code limit; Meta's own page says 20).
//   - variables: {{1}}, {{2}}... (ParameterFormat "positional", the default) or
//     {{first_name}} (lowercase letters, digits, underscore, not only digits;
//     ParameterFormat "named"), never both. Positional numbers start at 1 with
//     no gaps; a number may repeat and the order of first appearance is not
//     checked. Header and body are numbered separately, as Meta does. Each
//     variable needs a non-empty example without newlines, tabs or more than 4
//     spaces in a row. Examples for variables that the text does not use are
//     ignored: the payload builder sends only the ones in use.
//   - body: must not start or end with a variable (surrounding spaces
//     ignored), no two variables with only whitespace between them, and
//     enough words: a body with n variable occurrences needs at least 2n+1
//     words outside the variables, a word being a run of non-space characters
//     holding at least one letter or digit. Meta rejects "too many variables
//     for the length" without publishing a formula; this is its rule of thumb.
//   - header: TEXT (at most one variable, which needs an example), IMAGE,
//     VIDEO or DOCUMENT (a sample media URL or upload handle is required), or
//     LOCATION (nothing else needed). Fields that do not apply to the chosen
//     format are ignored.
//   - footer: at most 60 characters, no variables.
//   - buttons: the module's rule is at most 3 QUICK_REPLY, 1 URL, 1
//     PHONE_NUMBER and 1 COPY_CODE button (Meta now allows more, but the older,
//     stricter limits are what every client renders well). Quick replies must
//     sit next to each other, not between call-to-action buttons. Button texts
//     must differ (case-insensitively). A URL must be https, may hold one
//     variable, {{1}}, only at its very end, and then needs an example value
//     for it. A phone number is digits with an optional leading +. A COPY_CODE
//     button needs an example code; its label is fixed by WhatsApp, so Text is
//     ignored.
//
// StatusColor maps a template review status to the colour the pages show.
package template
