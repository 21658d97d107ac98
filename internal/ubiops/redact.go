package ubiops

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Secrets are redacted from every text a server sends back and from every
// log field, in each form a server may echo them in: as given, JSON-escaped
// (Go's \u003c \u0026 \u003e, \" and \\, Python's \u00e9 for non-ASCII, and
// escaped twice, for a body quoted inside a message) and URL-encoded (query
// and path forms).
//
// A secret of minAnywhereLength characters or more is redacted wherever a
// form of it appears, inside words too. A shorter one (UbiOps accepts no
// such password or token, but the client holds whatever it is given) is
// redacted only where a form of it stands as a word of its own, between
// characters that are neither letters nor digits (such as the quotes of
// "password": "ab"): replacing every "a" of a message would make it
// unreadable and tell the secret anyway, by what is missing.
const minAnywhereLength = 3

// redactor removes every secret the client holds or obtained from text a
// server sent back, in case the server echoes a credential in a message.
type redactor struct {
	mu sync.RWMutex
	// forms are the texts to replace, longest first, so that a longer
	// form is replaced before a shorter one that is part of it.
	forms []redactForm
}

// redactForm is one way a secret may be written. The text is a secret too,
// so that printing the redactor shows none.
type redactForm struct {
	text *secret
	// wordOnly replaces text only where it stands as a word of its own.
	wordOnly bool
}

// add makes s one of the values redacted from now on, in all its forms.
func (r *redactor) add(s *secret) {
	value := s.reveal()
	if value == "" {
		return
	}
	wordOnly := utf8.RuneCountInString(value) < minAnywhereLength
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, text := range secretForms(value) {
		known := slices.ContainsFunc(r.forms, func(f redactForm) bool { return f.text.reveal() == text && f.wordOnly == wordOnly })
		if !known {
			r.forms = append(r.forms, redactForm{text: newSecret(text), wordOnly: wordOnly})
		}
	}
	sort.SliceStable(r.forms, func(i, j int) bool { return len(r.forms[i].text.reveal()) > len(r.forms[j].text.reveal()) })
}

// addConfig makes every secret of cfg one of the values redacted: the
// token's value, the password, and the TOTP secret as given and without the
// spaces authenticator apps group it with.
func (r *redactor) addConfig(cfg Config) {
	for _, value := range []string{NormalizeToken(cfg.Token), cfg.Password, strings.TrimSpace(cfg.TOTPSecret), normalizeTOTPSecret(cfg.TOTPSecret)} {
		r.add(newSecret(value))
	}
}

// redact replaces every form of every known secret in text by the
// placeholder.
func (r *redactor) redact(text string) string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	for _, f := range r.forms {
		if f.wordOnly {
			text = replaceWord(text, f.text.reveal())
		} else {
			text = strings.ReplaceAll(text, f.text.reveal(), redacted)
		}
	}
	return text
}

// secretForms lists the distinct ways value may be written in an answer or
// a log.
func secretForms(value string) []string {
	seen := map[string]bool{}
	var forms []string
	add := func(f string) {
		if f != "" && !seen[f] {
			seen[f] = true
			forms = append(forms, f)
		}
	}
	add(value)
	html, plain := jsonEscape(value, true), jsonEscape(value, false)
	escaped := []string{html, plain, asciiEscapes(html), asciiEscapes(plain)}
	for _, e := range escaped {
		add(e)
		add(upperHexEscapes(e))
		// A body quoted inside a message: escaped twice.
		add(jsonEscape(e, false))
		add(jsonEscape(e, true))
	}
	add(url.QueryEscape(value))
	add(url.PathEscape(value))
	add(strings.ReplaceAll(url.QueryEscape(value), "+", "%20"))
	return forms
}

// jsonEscape is value as it stands inside a JSON string written by Go's
// encoder, with or without its HTML escapes (\u003c, \u003e, \u0026).
func jsonEscape(value string, escapeHTML bool) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(escapeHTML)
	if err := enc.Encode(value); err != nil {
		return value
	}
	out := strings.TrimSuffix(buf.String(), "\n")
	return strings.TrimSuffix(strings.TrimPrefix(out, `"`), `"`)
}

// asciiEscapes writes the characters beyond ASCII of an escaped JSON
// string as \uXXXX (surrogate pairs beyond the Basic Multilingual Plane),
// as Python's json.dumps does by default (ensure_ascii).
func asciiEscapes(escaped string) string {
	var b strings.Builder
	for _, r := range escaped {
		switch {
		case r < utf8.RuneSelf:
			b.WriteRune(r)
		case r > 0xFFFF:
			r -= 0x10000
			fmt.Fprintf(&b, `\u%04x\u%04x`, 0xD800+(r>>10), 0xDC00+(r&0x3FF))
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
	}
	return b.String()
}

// upperHexEscapes writes the hex digits of e's \uXXXX escapes in upper
// case, as some encoders do.
func upperHexEscapes(e string) string {
	var b strings.Builder
	for i := 0; i < len(e); i++ {
		if e[i] == '\\' && i+6 <= len(e) && e[i+1] == 'u' {
			b.WriteString(`\u` + strings.ToUpper(e[i+2:i+6]))
			i += 5
			continue
		}
		if e[i] == '\\' && i+1 < len(e) {
			b.WriteString(e[i : i+2])
			i++
			continue
		}
		b.WriteByte(e[i])
	}
	return b.String()
}

// replaceWord replaces word in text where it is not next to a letter or a
// digit.
func replaceWord(text, word string) string {
	var b strings.Builder
	for {
		i := strings.Index(text, word)
		if i < 0 {
			b.WriteString(text)
			return b.String()
		}
		before, _ := utf8.DecodeLastRuneInString(text[:i])
		after, _ := utf8.DecodeRuneInString(text[i+len(word):])
		b.WriteString(text[:i])
		if isWordRune(before) || isWordRune(after) {
			b.WriteString(word)
		} else {
			b.WriteString(redacted)
		}
		text = text[i+len(word):]
	}
}

// isWordRune reports whether r continues a word; utf8.RuneError stands for
// the start or end of the text, which does not.
func isWordRune(r rune) bool {
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// redactingLogger passes log messages on with every secret redacted from
// their string fields, so that no layer can log a secret by mistake.
type redactingLogger struct {
	next    Logger
	secrets *redactor
}

// Debug redacts fields that are strings or errors, then logs.
func (l redactingLogger) Debug(ctx context.Context, msg string, fields map[string]any) {
	clean := make(map[string]any, len(fields))
	for k, v := range fields {
		switch v := v.(type) {
		case string:
			clean[k] = l.secrets.redact(v)
		case error:
			clean[k] = l.secrets.redact(v.Error())
		case fmt.Stringer:
			clean[k] = l.secrets.redact(v.String())
		default:
			clean[k] = v
		}
	}
	l.next.Debug(ctx, l.secrets.redact(msg), clean)
}
