import { basicAuthAccepts } from '../../../src/ops/basic-auth';

const header = (credentials: string, scheme = 'Basic') => `${scheme} ${Buffer.from(credentials, 'utf8').toString('base64')}`;

describe('basicAuthAccepts', () => {
  const accepts = basicAuthAccepts('s3cret:with colon é');

  test('takes user admin with the password, colons and any characters in it included', () => {
    expect(accepts(header('admin:s3cret:with colon é'))).toBe(true);
    expect(accepts(header('admin:s3cret:with colon é', 'basic'))).toBe(true);
  });

  test.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['another scheme', header('admin:s3cret:with colon é', 'Bearer')],
    ['another user', header('root:s3cret:with colon é')],
    ['no user', header(':s3cret:with colon é')],
    ['the password cut short', header('admin:s3cret:with colon')],
    ['the password with more after it', header('admin:s3cret:with colon é ')],
    ['a different case', header('admin:S3CRET:with colon é')],
    ['no colon', header('admin')],
    ['not base64', 'Basic ***'],
    ['two credentials', `${header('admin:s3cret:with colon é')} ${header('admin:x')}`],
  ])('refuses %s', (_what, value) => {
    expect(accepts(value)).toBe(false);
  });
});
