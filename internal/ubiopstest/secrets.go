package ubiopstest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf16"
)

// SecretEchoes are the forms in which a careless or hostile server may
// repeat a secret, by name: as given, inside a JSON string as Go writes it
// (with and without HTML escapes such as \u003c), as Python writes it
// (ASCII only, surrogate pairs beyond the Basic Multilingual Plane), with
// upper-case hex digits, escaped twice, and URL-encoded as a query and as a
// path. They are made here with the standard library alone, apart from the
// client's redaction, so that a test of the redaction does not check it
// against itself.
func SecretEchoes(secret string) map[string]string {
	goJSON := jsonString(secret, true)
	plain := jsonString(secret, false)
	return map[string]string{
		"raw":                secret,
		"Go JSON":            goJSON,
		"JSON without HTML":  plain,
		"Python ASCII JSON":  asciiOnly(plain),
		"Go JSON, ASCII":     asciiOnly(goJSON),
		"upper-case escapes": upperHexDigits(goJSON),
		"JSON twice":         jsonString(goJSON, true),
		"query":              url.QueryEscape(secret),
		"path":               url.PathEscape(secret),
	}
}

// upperHexDigits writes the hex digits of an escaped JSON string's \uXXXX
// escapes in upper case, as some encoders do; an escaped backslash followed
// by a u is left as it is.
func upperHexDigits(escaped string) string {
	var b strings.Builder
	for i := 0; i < len(escaped); i++ {
		switch {
		case escaped[i] != '\\' || i+1 == len(escaped):
			b.WriteByte(escaped[i])
		case escaped[i+1] == 'u' && i+6 <= len(escaped):
			b.WriteString(`\u` + strings.ToUpper(escaped[i+2:i+6]))
			i += 5
		default:
			b.WriteString(escaped[i : i+2])
			i++
		}
	}
	return b.String()
}

// jsonString is s as it stands between the quotes of a JSON string.
func jsonString(s string, escapeHTML bool) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(escapeHTML)
	_ = enc.Encode(s) // a string always encodes
	return strings.TrimSuffix(strings.TrimPrefix(strings.TrimSuffix(buf.String(), "\n"), `"`), `"`)
}

// asciiOnly writes the characters beyond ASCII of an escaped JSON string as
// \uXXXX, in UTF-16 as JSON wants them.
func asciiOnly(escaped string) string {
	var b strings.Builder
	for _, r := range escaped {
		if r < 0x80 {
			b.WriteRune(r)
			continue
		}
		for _, unit := range utf16.Encode([]rune{r}) {
			fmt.Fprintf(&b, `\u%04x`, unit)
		}
	}
	return b.String()
}
