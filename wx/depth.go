package wx

import (
	"bytes"
	"fmt"
)

// checkXMLDepth scans doc once, without allocating, and returns ErrMalformed
// if elements nest deeper than max or a markup construct is unterminated.
// It skips comments, CDATA sections, processing instructions and quoted
// attribute values. It is a guard, not a parser: encoding/xml still
// validates the document.
func checkXMLDepth(doc []byte, max int) error {
	depth := 0
	for i := 0; i < len(doc); {
		j := bytes.IndexByte(doc[i:], '<')
		if j < 0 {
			break
		}
		i += j
		rest := doc[i:]
		var end []byte
		switch {
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			end = []byte("]]>")
		case bytes.HasPrefix(rest, []byte("<!--")):
			end = []byte("-->")
		case bytes.HasPrefix(rest, []byte("<?")):
			end = []byte("?>")
		case bytes.HasPrefix(rest, []byte("<!")), bytes.HasPrefix(rest, []byte("</")):
			end = []byte(">")
			if rest[1] == '/' {
				depth--
			}
		}
		if end != nil {
			k := bytes.Index(rest[2:], end)
			if k < 0 {
				return fmt.Errorf("wx: unterminated markup: %w", ErrMalformed)
			}
			i += 2 + k + len(end)
			continue
		}
		// A start tag: find its '>' outside quotes.
		k, selfClosing := tagEnd(rest)
		if k < 0 {
			return fmt.Errorf("wx: unterminated tag: %w", ErrMalformed)
		}
		if !selfClosing {
			depth++
			if depth > max {
				return fmt.Errorf("wx: xml nested deeper than %d: %w", max, ErrMalformed)
			}
		}
		i += k + 1
	}
	return nil
}

// tagEnd returns the index of the '>' closing the start tag at tag[0] and
// whether the tag is self-closing, or -1.
func tagEnd(tag []byte) (int, bool) {
	var quote byte
	for k := 1; k < len(tag); k++ {
		c := tag[k]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return k, tag[k-1] == '/'
		}
	}
	return -1, false
}

// checkJSONDepth returns ErrMalformed if objects and arrays in doc nest
// deeper than max. Brackets inside strings are skipped.
func checkJSONDepth(doc []byte, max int) error {
	depth := 0
	inString, escaped := false, false
	for _, c := range doc {
		if inString {
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
			continue
		}
		switch c {
		case '"':
			inString = true
		case '{', '[':
			depth++
			if depth > max {
				return fmt.Errorf("wx: json nested deeper than %d: %w", max, ErrMalformed)
			}
		case '}', ']':
			depth--
		}
	}
	return nil
}
