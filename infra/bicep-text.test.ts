import {
  declaredParams,
  literalString,
  loadedFiles,
  moduleReferences,
  objectEntries,
  resourceTypes,
  scanBicep,
} from './bicep-text';

describe('scanBicep', () => {
  it('accepts balanced code with interpolation, escapes, multi-line strings and comments', () => {
    const text = [
      "var a = 'x${b[0]}y\\'z' // a } in a comment",
      '/* a { block',
      '   comment ( */',
      "var c = '''",
      "{ not code ( ''' ",
      "var d = { e: [ f('${g}') ] }",
    ].join('\n');
    const scan = scanBicep(text);
    expect(scan.problems).toEqual([]);
    expect(scan.code).not.toContain('comment');
    expect(scan.code.split('\n')).toHaveLength(6);
  });

  it('reports a bracket closed by the wrong kind, with the line of the opener', () => {
    expect(scanBicep('var a = {\n  b: [1, 2}\n}').problems).toEqual(
      expect.arrayContaining([{ line: 2, message: '"}" closes "[" opened on line 2' }]),
    );
  });

  it('reports brackets left open and closers with no opener', () => {
    expect(scanBicep("resource x 'T@1' = {\n  properties: {\n}").problems).toEqual([
      { line: 1, message: '"{" never closed' },
    ]);
    expect(scanBicep('var a = 1)').problems).toEqual([{ line: 1, message: '")" closes nothing' }]);
  });

  it('reports a string that runs past its line and an interpolation left open', () => {
    expect(scanBicep("var a = 'abc\nvar b = 1").problems).toEqual([
      { line: 1, message: 'string not closed on its line' },
    ]);
    expect(scanBicep("var a = '${b'").problems.length).toBeGreaterThan(0);
  });

  it('does not read brackets inside strings as code', () => {
    expect(scanBicep("var a = '(['").problems).toEqual([]);
  });
});

describe('reading declarations', () => {
  const code = [
    "module a 'modules/a.bicep' = {",
    "module reg 'br/public:avm/res/x:0.1.0' = {",
    "var j = loadJsonContent('gen/t.json')",
    "@description('x')",
    'param required string',
    'param optional int = 3',
    "resource r 'Microsoft.X/ys@2024-01-01' = {",
    "resource bad 'Microsoft.X/zs' = {",
  ].join('\n');

  it('lists local module paths, loaded files, parameters and resource types', () => {
    expect(moduleReferences(code)).toEqual(['modules/a.bicep']);
    expect(loadedFiles(code)).toEqual(['gen/t.json']);
    expect(declaredParams(code)).toEqual([
      { name: 'required', hasDefault: false },
      { name: 'optional', hasDefault: true },
    ]);
    expect(resourceTypes(code)).toEqual(['Microsoft.X/ys@2024-01-01', 'Microsoft.X/zs']);
  });
});

describe('objectEntries', () => {
  const code =
    "var other = { z: 1 }\nvar settings = {\n  A: 'one'\n  B__c: x.y\n  nested: {\n    inner: 2\n  }\n  'D-E': '${f}'\n}\n";

  it('returns the top-level entries of the named object only', () => {
    expect([...objectEntries(code, 'var settings =').entries()]).toEqual([
      ['A', "'one'"],
      ['B__c', 'x.y'],
      ['nested', '{'],
      ['D-E', "'${f}'"],
    ]);
  });

  it('fails loudly when the object is missing', () => {
    expect(() => objectEntries(code, 'var nothing =')).toThrow('no "var nothing =" in the file');
  });
});

describe('literalString', () => {
  it('unquotes plain literals and refuses expressions', () => {
    expect(literalString("'cosmos'")).toBe('cosmos');
    expect(literalString("'it\\'s'")).toBe("it's");
    expect(literalString("'ClientId=${id};Authorization=AAD'")).toBeUndefined();
    expect(literalString('identity.clientId')).toBeUndefined();
  });
});
