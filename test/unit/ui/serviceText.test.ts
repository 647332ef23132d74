import * as assert from 'node:assert/strict';
import { cleanServiceText, escapeMarkdown, markdownText } from '../../../src/tree/serviceText';

describe('service text in Markdown', () => {
  it('escapes everything Markdown or HTML could interpret', () => {
    const hostile = '<script>alert(1)</script> `code` **bold** [link](https://evil.example) | a | ![img](x)';
    const escaped = escapeMarkdown(hostile);
    // Every ASCII punctuation character is backslash-escaped, so no unescaped markup character survives.
    assert.doesNotMatch(escaped, /(?<!\\)[<>`*[\]()|!]/);
    assert.equal(escaped.replace(/\\(.)/g, '$1'), hostile);
  });

  it('removes bidi overrides and control characters, keeps right-to-left letters', () => {
    const text = 'abc\u202Eevil\u202C \u05E9\u05DC\u05D5\u05DD\u0007\u2066x\u2069';
    assert.equal(cleanServiceText(text, 100), 'abcevil \u05E9\u05DC\u05D5\u05DDx');
  });

  it('collapses newlines so a value cannot start a Markdown block', () => {
    assert.equal(cleanServiceText('line1\n# heading\n\n- item', 100), 'line1 # heading - item');
  });

  it('truncates long values with an ellipsis and never splits a surrogate pair', () => {
    assert.equal(cleanServiceText('x'.repeat(1000), 10), `${'x'.repeat(9)}…`);
    const emoji = `${'a'.repeat(8)}😀😀`;
    const cut = cleanServiceText(emoji, 10);
    assert.ok(cut.endsWith('…'));
    assert.doesNotMatch(cut, /[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('cleans, truncates and escapes in one call', () => {
    assert.equal(markdownText('a_b'.repeat(100), 5), 'a\\_ba…');
  });
});
