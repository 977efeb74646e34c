import { Command } from 'commander';
import { costsCommands } from './commands/costs.ts';
import { demoCommand } from './commands/demo.ts';
import { fxCommands } from './commands/fx.ts';
import { generateCurCommand } from './commands/generate-cur.ts';
import { importCommand } from './commands/import.ts';
import { invoiceCommands } from './commands/invoice.ts';
import { registerInvoiceSendCommands } from './commands/invoice-send.ts';
import { migrateCommand } from './commands/migrate.ts';
import { pricingCommands } from './commands/pricing.ts';
import { usersCommand } from './commands/users.ts';
import { membershipCommands } from './commands/membership.ts';

const program = new Command()
  .name('daiko')
  .description('Daiko from the terminal: the same services as the server, on DAIKO_DATA_DIR or DATABASE_URL.')
  .showHelpAfterError();

migrateCommand(program);
demoCommand(program);
usersCommand(program);
importCommand(program);
generateCurCommand(program);
costsCommands(program);
fxCommands(program);
pricingCommands(program);
registerInvoiceSendCommands(invoiceCommands(program));
membershipCommands(program);

await program.parseAsync(process.argv);
