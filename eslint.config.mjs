// @ts-check
// Lint: typescript-eslint's recommended rules with type information, for all TypeScript in the repo.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'node_modules/', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // `import x = require()` is how TypeScript imports a CommonJS module that sets module.exports; a
      // require() inside a function loads the project's own modules, natural's, linkedom, iconv-lite and
      // regexpp on first use, so that short commands start fast (src/cli/main.ts). Any other package is
      // imported.
      '@typescript-eslint/no-require-imports': ['error', { allowAsImport: true, allow: ['^\\.{1,2}/', '^natural/', '^linkedom$', '^iconv-lite$', '^@eslint-community/regexpp$'] }],
    },
  },
);
