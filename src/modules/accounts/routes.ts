import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { ANY_USER, staffOnly } from '../../server/access.ts';
import { callerOf, errorResponses, type Api } from '../../server/http.ts';
import { AccountId, AssignmentView, AwsAccountView } from './account-view.ts';
import { CompanyAccountView, listAwsAccounts, listCompanyAccounts } from './accounts-presenter.ts';
import { assignAccount, AssignAccountInput } from './assign-account.ts';
import { changeAssignment, ChangeAssignmentInput } from './change-assignment.ts';
import { registerAwsAccount, RegisterAwsAccountInput } from './register-aws-account.ts';
import { removeAssignment } from './remove-assignment.ts';
import { updateAwsAccount, UpdateAwsAccountInput } from './update-aws-account.ts';

const AccountParams = z.object({ accountId: AccountId });
const AssignmentParams = AccountParams.extend({ assignmentId: z.string().uuid() });
const CompanyParams = z.object({ companyId: z.string().uuid() });
const admin = staffOnly('admin');

export function accountRoutes(api: Api, ctx: AppContext) {
  api.get('/aws-accounts', {
    config: { access: staffOnly() },
    schema: {
      tags: ['accounts'],
      querystring: z.object({ companyId: z.string().uuid().optional() }),
      response: { 200: z.array(AwsAccountView), ...errorResponses },
    },
    handler: (request) => listAwsAccounts(ctx, callerOf(request).actor, request.query),
  });

  api.post('/aws-accounts', {
    config: { access: admin },
    schema: { tags: ['accounts'], body: RegisterAwsAccountInput, response: { 201: AwsAccountView, ...errorResponses } },
    handler: async (request, reply) => reply.status(201).send(await registerAwsAccount(ctx, callerOf(request), request.body)),
  });

  api.patch('/aws-accounts/:accountId', {
    config: { access: admin },
    schema: {
      tags: ['accounts'],
      params: AccountParams,
      body: UpdateAwsAccountInput.omit({ accountId: true }),
      response: { 200: AwsAccountView, ...errorResponses },
    },
    handler: (request) => updateAwsAccount(ctx, callerOf(request), { ...request.body, accountId: request.params.accountId }),
  });

  api.post('/aws-accounts/:accountId/assignments', {
    config: { access: admin },
    schema: {
      tags: ['accounts'],
      params: AccountParams,
      body: AssignAccountInput.omit({ accountId: true }),
      response: { 201: AssignmentView, ...errorResponses },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await assignAccount(ctx, callerOf(request), { ...request.body, accountId: request.params.accountId })),
  });

  api.patch('/aws-accounts/:accountId/assignments/:assignmentId', {
    config: { access: admin },
    schema: {
      tags: ['accounts'],
      params: AssignmentParams,
      body: ChangeAssignmentInput.omit({ accountId: true, assignmentId: true }),
      response: { 200: AssignmentView, ...errorResponses },
    },
    handler: (request) => changeAssignment(ctx, callerOf(request), { ...request.body, ...request.params }),
  });

  api.delete('/aws-accounts/:accountId/assignments/:assignmentId', {
    config: { access: admin },
    schema: { tags: ['accounts'], params: AssignmentParams, response: { 200: z.object({ id: z.string() }), ...errorResponses } },
    handler: (request) => removeAssignment(ctx, callerOf(request), request.params),
  });

  api.get('/companies/:companyId/accounts', {
    config: { access: ANY_USER },
    schema: { tags: ['accounts'], params: CompanyParams, response: { 200: z.array(CompanyAccountView), ...errorResponses } },
    handler: (request) => listCompanyAccounts(ctx, callerOf(request).actor, request.params.companyId),
  });
}
