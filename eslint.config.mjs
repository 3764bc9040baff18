import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'artifacts/**', 'tab/public/vendor/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // botbuilder must stay inside bot/ so the move to @microsoft/agents-hosting is one change.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['botbuilder*', 'botframework-*'],
              message: 'botbuilder imports belong in bot/ only',
            },
          ],
        },
      ],
    },
  },
  { files: ['bot/**/*.ts', 'test/**/*.ts'], rules: { 'no-restricted-imports': 'off' } },
  {
    // One way to read what was thrown (kernel/errors.ts: errorCode, errorName; issue 13): no
    // cast of an error to `{ code }` or NodeJS.ErrnoException to read its code.
    files: ['**/*.ts'],
    ignores: ['kernel/errors.ts', '**/*.test.ts', 'test/**', 'bench/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "TSAsExpression > TSTypeLiteral > TSPropertySignature[key.name='code'], TSAsExpression > TSUnionType > TSTypeLiteral > TSPropertySignature[key.name='code']",
          message: 'Use errorCode(err) from kernel/errors.ts, not a cast to { code }.',
        },
        {
          selector: "TSAsExpression > TSTypeReference[typeName.right.name='ErrnoException']",
          message: 'Use errorCode(err) from kernel/errors.ts, not a cast to ErrnoException.',
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        __dirname: 'readonly',
        console: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
