import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../api/client.ts';
import type { CompanyInput, CompanyView } from '../../api/types.ts';
import { ErrorBanner, PageHeader } from '../../components/ui.tsx';
import { CompanyForm } from './CompanyForm.tsx';

export function CompanyNewPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: (input: CompanyInput) => api.post<CompanyView>('/companies', input),
    onSuccess: (company) => {
      void queryClient.invalidateQueries({ queryKey: ['companies'] });
      void navigate(`/companies/${company.id}`, { state: { notice: 'companyCreated' } });
    },
  });
  return (
    <>
      <PageHeader back={{ to: '/companies', label: t('nav.companies') }} title={t('companies.newTitle')} />
      <div className="card">
        <div className="card-body">
          <ErrorBanner error={create.error} />
          <CompanyForm submitLabel={t('companies.createSubmit')} pending={create.isPending} onSubmit={(input) => create.mutate(input)} onCancel={() => void navigate('/companies')} />
        </div>
      </div>
    </>
  );
}
