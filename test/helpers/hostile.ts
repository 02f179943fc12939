/** A "billion laughs" skill file: nine levels of aliases, each nine times the one below. */
export function yamlBomb(name: string): string {
  const levels = 'abcdefghi'.split('');
  const lines = levels.map((level, i) =>
    i === 0 ? `${level}: &${level} ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]` : `${level}: &${level} [${Array(9).fill(`*${levels[i - 1]}`).join(',')}]`,
  );
  return ['---', `name: ${name}`, 'description: billion laughs', ...lines, '---', 'body', ''].join('\n');
}
