package template

import "strings"

// languages is Meta's list of supported template language codes (the
// "Supported languages" page as mirrored by several WhatsApp API vendors in
// 2026), in Meta's order. Codes are case-sensitive on the wire.
var languages = [...]string{
	"af", "sq", "ar", "ar_EG", "ar_AE", "ar_LB", "ar_MA", "ar_QA", "az", "be_BY",
	"bn", "bn_IN", "bg", "ca", "zh_CN", "zh_HK", "zh_TW", "hr", "cs", "da",
	"prs_AF", "nl", "nl_BE", "en", "en_GB", "en_US", "en_AE", "en_AU", "en_CA", "en_GH",
	"en_IE", "en_IN", "en_JM", "en_MY", "en_NZ", "en_QA", "en_SG", "en_UG", "en_ZA", "et",
	"fil", "fi", "fr", "fr_BE", "fr_CA", "fr_CH", "fr_CI", "fr_MA", "ka", "de",
	"de_AT", "de_CH", "el", "gu", "ha", "he", "hi", "hu", "id", "ga",
	"it", "ja", "kn", "kk", "rw_RW", "ko", "ky_KG", "lo", "lv", "lt",
	"mk", "ms", "ml", "mr", "nb", "ps_AF", "fa", "pl", "pt_BR", "pt_PT",
	"pa", "ro", "ru", "sr", "si_LK", "sk", "sl", "es", "es_AR", "es_CL",
	"es_CO", "es_CR", "es_DO", "es_EC", "es_HN", "es_MX", "es_PA", "es_PE", "es_ES", "es_UY",
	"sw", "sv", "ta", "te", "th", "tr", "uk", "ur", "uz", "vi",
	"zu",
}

// Languages returns Meta's supported template language codes, for pickers.
func Languages() []string {
	out := make([]string, len(languages))
	copy(out, languages[:])
	return out
}

// KnownLanguage reports whether code is exactly one of Languages.
func KnownLanguage(code string) bool {
	for _, l := range languages {
		if l == code {
			return true
		}
	}
	return false
}

// normalizeLanguage maps "EN-us" or " pt_br " to the listed spelling; codes
// that match nothing come back trimmed, as typed.
func normalizeLanguage(code string) string {
	code = strings.ReplaceAll(strings.TrimSpace(code), "-", "_")
	for _, l := range languages {
		if strings.EqualFold(l, code) {
			return l
		}
	}
	return code
}

// languagesLike returns the listed codes for the same language as code, so
// "pt" or "pt_AO" suggest "pt_BR, pt_PT".
func languagesLike(code string) []string {
	base, _, _ := strings.Cut(strings.ToLower(code), "_")
	var out []string
	for _, l := range languages {
		if lb, _, _ := strings.Cut(strings.ToLower(l), "_"); lb == base {
			out = append(out, l)
		}
	}
	return out
}
