import { inlineMarkupAsCdata } from '../../../src/sources/inline-markup';

describe('inlineMarkupAsCdata', () => {
  test.each([
    ['plain text is left alone', '<title>Plain &amp; simple</title>', '<title>Plain &amp; simple</title>'],
    ['escaped HTML is left alone', '<description>&lt;p&gt;x&lt;/p&gt;</description>', '<description>&lt;p&gt;x&lt;/p&gt;</description>'],
    ['CDATA is left alone', '<description><![CDATA[<p>x</p>]]></description>', '<description><![CDATA[<p>x</p>]]></description>'],
    ['inline markup becomes CDATA', '<description>a <b>b</b> c</description>', '<description><![CDATA[a <b>b</b> c]]></description>'],
    [
      'Atom XHTML with attributes on the element',
      '<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>x &amp; y</p></div></content>',
      '<content type="xhtml"><![CDATA[<div xmlns="http://www.w3.org/1999/xhtml"><p>x &amp; y</p></div>]]></content>',
    ],
    ['a CDATA section inside becomes escaped text', '<summary>a <i>b</i><![CDATA[<c>]]></summary>', '<summary><![CDATA[a <i>b</i>&lt;c&gt;]]></summary>'],
    ['"]]>" inside is split', '<summary><i>x</i> ]]> y</summary>', '<summary><![CDATA[<i>x</i> ]]]]><![CDATA[> y]]></summary>'],
    [
      'prefixed elements are matched exactly',
      '<content:encoded><p>x</p></content:encoded><media:content url="u"/>',
      '<content:encoded><![CDATA[<p>x</p>]]></content:encoded><media:content url="u"/>',
    ],
    [
      'self-closing elements are skipped',
      '<content src="https://x.example/a"/><title>t <b>b</b></title>',
      '<content src="https://x.example/a"/><title><![CDATA[t <b>b</b>]]></title>',
    ],
    ['same-name nesting is left to the parser', '<content><div><content>x</content></div></content>', '<content><div><content>x</content></div></content>'],
    ['an unclosed element is left alone', '<description>a <b>b</b>', '<description>a <b>b</b>'],
  ])('%s', (_name, input, output) => {
    expect(inlineMarkupAsCdata(input)).toBe(output);
  });

  test('deeply self-nested elements stay linear', () => {
    const input = `<feed><entry>${'<content>'.repeat(100_000)}x${'</content>'.repeat(100_000)}</entry></feed>`;
    expect(inlineMarkupAsCdata(input)).toBe(input);
  });

  test('after a self-nested element, the name is left alone; other names are still handled', () => {
    const input = '<content><content>a</content></content><content>b <i>c</i></content><summary>d <i>e</i></summary>';
    expect(inlineMarkupAsCdata(input)).toBe('<content><content>a</content></content><content>b <i>c</i></content><summary><![CDATA[d <i>e</i>]]></summary>');
  });

  test('many unclosed elements stay linear', () => {
    const input = '<rss>' + '<description><b>'.repeat(50_000);
    expect(inlineMarkupAsCdata(input)).toBe(input);
  });
});
